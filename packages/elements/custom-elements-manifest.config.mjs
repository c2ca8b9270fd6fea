// Custom elements manifest for @presently/elements, generated from the classes' JSDoc
// (@summary @tagname @csspart @cssprop @fires @slot). Run from this folder: `pnpm run cem` at the root.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/test-utils/**'],
  outdir: '.',
  litelement: true,
};
