// Builds every package: ESM + .d.ts per package, plus elements' self-contained dist/presently.js.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import commonjs from '@rollup/plugin-commonjs';

const eventsShim = fileURLToPath(new URL('./scripts/rollup/events-shim.js', import.meta.url));
const jidShim = fileURLToPath(new URL('./scripts/rollup/jid-shim.js', import.meta.url));
const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
const onwarn = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.some((id) => id.includes('node_modules'))) return;
  warn(warning);
};

function lib(pkg, input) {
  return {
    input,
    external,
    onwarn,
    output: { dir: `packages/${pkg}/dist`, format: 'es', preserveModules: true, preserveModulesRoot: `packages/${pkg}/src`, sourcemap: true },
    plugins: [
      typescript({
        tsconfig: 'tsconfig.base.json',
        filterRoot: '.',
        include: [`packages/${pkg}/src/**/*.ts`],
        exclude: ['**/*.test.ts'],
        compilerOptions: { outDir: `packages/${pkg}/dist`, declaration: true, declarationDir: `packages/${pkg}/dist`, rootDir: `packages/${pkg}/src` },
      }),
    ],
  };
}

/** One self-contained, minified ES module for a plain <script type="module">. */
export function bundle(input, file) {
  return {
    input,
    onwarn,
    output: { file, format: 'es', sourcemap: true },
    plugins: [
      // xmpp.js imports Node's `events`: our bundles use a small shim of the part it calls.
      { name: 'events-shim', resolveId: (id) => (id === 'events' ? eventsShim : null) },
      // Core parses JIDs itself; xmpp.js's @xmpp/connection only needs a bare()/toString() (see jid-shim.js).
      { name: 'jid-shim', resolveId: (id) => (id === '@xmpp/jid' ? jidShim : null) },
      // @xmpp/xml imports ltx's CommonJS build (ltx/lib/*); ltx ships the same code as ES modules in ltx/src/*,
      // which rollup bundles without CommonJS interop wrappers.
      {
        name: 'ltx-esm',
        resolveId(id, importer) {
          return id.startsWith('ltx/lib/') ? this.resolve(`ltx/src/${id.slice(8)}`, importer, { skipSelf: true }) : null;
        },
      },
      // 'production' explicitly: without it node-resolve adds 'development' whenever NODE_ENV is set to anything
      // else (vitest sets 'test'), which bundles Lit's dev build (~3 KB gzip more, and its dev-mode warnings).
      resolve({ browser: true, preferBuiltins: false, exportConditions: ['browser', 'import', 'production', 'default'] }),
      commonjs(),
      typescript({ tsconfig: 'tsconfig.base.json', include: ['packages/*/src/**/*.ts'], exclude: ['**/*.test.ts'], compilerOptions: { declaration: false, sourceMap: true } }),
      terser({ module: true, ecma: 2022, compress: { passes: 2 }, format: { comments: false } }),
    ],
  };
}

const configs = [lib('core', 'packages/core/src/index.ts')];
if (existsSync('packages/elements/src/index.ts')) {
  configs.push(lib('elements', ['packages/elements/src/index.ts', 'packages/elements/src/define.ts']));
  configs.push(bundle('packages/elements/src/presently.ts', 'packages/elements/dist/presently.js'));
}
export default configs;
