// Builds every package: ESM + .d.ts per package, plus elements' self-contained dist/presently.js.
import { existsSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyCss } from './scripts/rollup/minify-css.mjs';
import { declarationsWithCode } from './scripts/rollup/declarations.mjs';
import { nodeSafeLit } from './scripts/rollup/node-safe-lit.mjs';

const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
const onwarn = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.some((id) => id.includes('node_modules'))) return;
  warn(warning);
};

/**
 * A package's ESM build: one module per source file, its .d.ts, and a source map carrying the TypeScript source
 * (inlineSources: dist/ ships without src/, so a map that only named the files would point at nothing).
 * `bundled`: see declarationsWithCode.
 */
function lib(pkg, input, bundled = {}) {
  return {
    input,
    external,
    onwarn,
    output: {
      dir: `packages/${pkg}/dist`,
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: `packages/${pkg}/src`,
      sourcemap: true,
    },
    plugins: [
      typescript({
        tsconfig: 'tsconfig.base.json',
        filterRoot: '.',
        include: [`packages/${pkg}/src/**/*.ts`],
        exclude: ['**/*.test.ts', '**/*.typecheck.ts'],
        compilerOptions: {
          outDir: `packages/${pkg}/dist`,
          declaration: true,
          declarationDir: `packages/${pkg}/dist`,
          rootDir: `packages/${pkg}/src`,
          inlineSources: true,
        },
      }),
      declarationsWithCode({ bundled }),
    ],
  };
}

/**
 * A minified ES module for a plain <script type="module">, self-contained but for the chunks it imports
 * dynamically (presently.js: the chat window, status picker and chat history), which land next to it in chunks/.
 */
export function bundle(input, file) {
  const slash = file.lastIndexOf('/');
  return {
    input,
    onwarn,
    // Lets the entry chunk export what its lazy chunks need, instead of a stub re-exporting a shared chunk.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: file.slice(0, slash),
      entryFileNames: file.slice(slash + 1),
      chunkFileNames: 'chunks/[name]-[hash].js',
      format: 'es',
      sourcemap: true,
    },
    plugins: [
      nodeSafeLit(),
      // 'production' explicitly: without it node-resolve adds 'development' whenever NODE_ENV is set to anything
      // else (vitest sets 'test'), which bundles Lit's dev build (~3 KB gzip more, and its dev-mode warnings).
      resolve({ browser: true, preferBuiltins: false, exportConditions: ['browser', 'import', 'production', 'default'] }),
      typescript({
        tsconfig: 'tsconfig.base.json',
        include: ['packages/*/src/**/*.ts'],
        exclude: ['**/*.test.ts'],
        compilerOptions: { declaration: false, sourceMap: true, inlineSources: true },
      }),
      minifyCss(),
      terser({ module: true, ecma: 2022, compress: { passes: 2, hoist_funs: true }, format: { comments: false } }),
    ],
  };
}

/**
 * The shared worker (docs/sharing.md) as one classic script, `chunks/presently-worker.js` next to presently.js
 * (same origin, so CSP `worker-src 'self'` allows it). Self-contained: a worker loads nothing else, and the page's
 * bundles don't grow by the client it holds.
 */
function workerBundle(input, file) {
  const config = bundle(input, file);
  return { ...config, output: { file, format: 'iife', inlineDynamicImports: true, sourcemap: true } };
}

// node-socket.browser.ts is no import of anyone's: browsers get it through core's package.json "browser" map.
const configs = [lib('core', ['packages/core/src/index.ts', 'packages/core/src/connection/node-socket.browser.ts'])];
if (existsSync('packages/elements/src/index.ts')) {
  // presently.ts and dot-only.ts are the entries of the two script-tag bundles below: their declarations describe those.
  const bundled = { 'presently.d.ts': 'presently.d.ts', 'dot-only.d.ts': 'presently-dot.d.ts' };
  configs.push(
    lib(
      'elements',
      [
        'packages/elements/src/index.ts',
        'packages/elements/src/define.ts',
        'packages/elements/src/vue.ts',
        'packages/elements/src/svelte.ts',
        // @presently/elements/locales/de.js etc.: one module per translation, loaded only by the pages that import it.
        ...['de', 'fr', 'es', 'ja', 'ar'].map((tag) => `packages/elements/src/locales/${tag}.ts`),
      ],
      bundled,
    ),
  );
  configs.push(bundle('packages/elements/src/presently.ts', 'packages/elements/dist/presently.js'));
  configs.push(bundle('packages/elements/src/dot-only.ts', 'packages/elements/dist/presently-dot.js'));
  configs.push(workerBundle('packages/core/src/shared/worker.ts', 'packages/elements/dist/chunks/presently-worker.js'));
}
if (existsSync('packages/react/src/index.ts')) configs.push(lib('react', ['packages/react/src/index.ts', 'packages/react/src/jsx.ts']));
export default configs;
