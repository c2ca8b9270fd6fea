// Every declaration file in dist/ gets its JavaScript. TypeScript writes a .d.ts for each source file, but
// rollup writes JavaScript only for modules with code: a types-only module (types.ts, connection/index.ts as
// a type barrel) would ship `types.d.ts` alone, and a deep `import type {} from '…/types.js'` would point at
// a file that isn't there. Such modules get an empty ES module of the same name, saying why it is empty.
// Declarations of entries bundled by another rollup config (presently.ts → presently.js) are renamed to
// that bundle's name instead and get no stub: the bundle is their JavaScript.

const TYPES_ONLY = '// Types only: this module exists so its declaration file has JavaScript beside it.\nexport {};\n';

/**
 * @param {{ bundled?: Record<string, string> }} options `bundled` maps a declaration file name (relative to
 *   the output dir) to the bundle it describes, e.g. `{ 'dot-only.d.ts': 'presently-dot.d.ts' }`.
 */
export function declarationsWithCode({ bundled = {} } = {}) {
  return {
    name: 'presently-declarations-with-code',
    generateBundle(_options, bundle) {
      for (const [from, to] of Object.entries(bundled)) {
        const declaration = bundle[from];
        if (!declaration) continue;
        delete bundle[from];
        this.emitFile({ type: 'asset', fileName: to, source: declaration.source });
      }
      const declarations = Object.keys(bundle).filter((name) => name.endsWith('.d.ts'));
      const bundledNames = new Set(Object.values(bundled));
      for (const name of declarations) {
        const js = name.replace(/\.d\.ts$/, '.js');
        if (bundle[js] || bundledNames.has(name)) continue;
        this.emitFile({ type: 'asset', fileName: js, source: TYPES_ONLY });
      }
    },
  };
}
