// The script-tag bundles (presently.js, presently-dot.js) resolve Lit with the browser condition, whose builds
// touch the DOM at module load (`class extends HTMLElement`, `document.createTreeWalker`): importing a bundle in
// Node (SSR, a test runner, a framework's server build) threw `HTMLElement is not defined`. Lit's `node/` builds
// are the same code with those two lines guarded (`globalThis.HTMLElement ?? shim`, a stand-in document); this
// plugin bundles them instead. Their one import, `@lit-labs/ssr-dom-shim`, becomes a stub: its fallback class is
// only used where HTMLElement doesn't exist, and no `customElements` shim is installed, so nothing registers
// on a server and browsers download no shim code.
import { existsSync } from 'node:fs';

const STUB = '\0presently-ssr-dom-shim-stub';
const LIT_DIR = /([\\/]node_modules[\\/](?:lit-html|@lit[\\/]reactive-element)[\\/])(?!node[\\/])/;

export function nodeSafeLit() {
  return {
    name: 'presently-node-safe-lit',
    async resolveId(source, importer, options) {
      if (source === '@lit-labs/ssr-dom-shim') return STUB;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || !LIT_DIR.test(resolved.id)) return resolved;
      const nodeBuild = resolved.id.replace(LIT_DIR, '$1node/');
      return existsSync(nodeBuild) ? { ...resolved, id: nodeBuild } : resolved;
    },
    load(id) {
      return id === STUB ? 'export const HTMLElement = class {};\nexport const customElements = undefined;\n' : null;
    },
  };
}
