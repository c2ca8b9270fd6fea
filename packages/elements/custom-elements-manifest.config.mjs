// Custom elements manifest for @presently/elements, generated from the classes' JSDoc
// (@summary @tagname @csspart @cssprop @fires @slot). Run from this folder: `pnpm run cem` at the root.
// The manifest describes the published package: module paths are the dist/ files a consumer imports.
export default {
  globs: ['src/**/*.ts'],
  // Tests and type-check-only files are not shipped; presently.ts and dot-only.ts are the entries of the script-tag bundles and only
  // re-export what the modules below declare (presently.ts's lazy openChat() would be a second `openChat`).
  exclude: ['src/**/*.test.ts', 'src/**/*.typecheck.ts', 'src/presently.ts', 'src/dot-only.ts'],
  outdir: '.',
  litelement: true,
  plugins: [defineElementCalls(), distPaths(), stableOrder()],
};

/**
 * Our tags are registered with `defineElement('presently-dot', PresentlyDot)` (it skips a tag another copy
 * already owns), which the analyzer does not know as `customElements.define`: record each call in a
 * registration file (`*.define.ts`, whose import registers the tag) as that module's
 * `custom-element-definition` export, pointing at the module that declares the class. (chat/dock.ts also
 * registers the chat's tags, but only when openChat() is called, so it is no definition of them.)
 */
function defineElementCalls() {
  const calls = [];
  return {
    name: 'presently-define-element-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!moduleDoc.path.endsWith('.define.ts')) return;
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'defineElement') return;
      const [tag, klass] = node.arguments;
      if (!tag || !klass || !ts.isStringLiteral(tag) || !ts.isIdentifier(klass)) return;
      calls.push({ moduleDoc, tag: tag.text, className: klass.text });
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const { moduleDoc, tag, className } of calls) {
        const declaring = customElementsManifest.modules.filter((m) =>
          m.declarations?.some((d) => d.kind === 'class' && d.name === className),
        );
        if (declaring.length !== 1)
          throw new Error(`${moduleDoc.path}: ${className} is declared in ${declaring.length} modules, expected 1`);
        moduleDoc.exports = [
          ...(moduleDoc.exports ?? []),
          { kind: 'custom-element-definition', name: tag, declaration: { name: className, module: declaring[0].path } },
        ];
      }
    },
  };
}

/**
 * `src/dot/dot.ts` → `dist/dot/dot.js`, in module paths and in every reference to a module. The analyzer
 * writes references in several forms (`src/a.ts`, `/src/a.js`, `./a.js` relative to the referring module):
 * all become package-relative dist/ paths.
 */
function distPaths() {
  const toDist = (reference, from) => {
    const path = reference.startsWith('.') ? new URL(reference, `file:///${from}`).pathname.slice(1) : reference.replace(/^\//, '');
    return path.replace(/^src\/(.*)\.[jt]s$/, 'dist/$1.js');
  };
  const rewrite = (value, from) => {
    if (Array.isArray(value)) return value.forEach((inner) => rewrite(inner, from));
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'module' && typeof inner === 'string') value[key] = toDist(inner, from);
      else rewrite(inner, from);
    }
  };
  return {
    name: 'presently-dist-paths',
    // After defineElementCalls' packageLinkPhase (plugins run in order), so its references are rewritten too.
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        rewrite(module.declarations, module.path);
        rewrite(module.exports, module.path);
        module.path = toDist(module.path, module.path);
      }
    },
  };
}

/** The analyzer visits files in no fixed order: sort, so a build leaves the checkout unchanged. */
function stableOrder() {
  return {
    name: 'presently-stable-order',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
    },
  };
}
