// Custom elements manifest for @presently/elements, generated from the classes' JSDoc
// (@summary @tagname @csspart @cssprop @fires @slot). Run from this folder: `pnpm run cem` at the root.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // The analyzer visits files in no fixed order: sort, so a build leaves the checkout unchanged.
      name: 'presently-stable-order',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      },
    },
  ],
};
