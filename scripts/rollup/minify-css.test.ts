import { describe, expect, it } from 'vitest';
import { rollup } from 'rollup';
import { minifyCss, minifyCssText } from './minify-css.mjs';

describe('minify-css (Lit css`` templates in our bundles)', () => {
  it('drops comments and whitespace but keeps what changes meaning (descendant spaces, space before a pseudo-class)', () => {
    const css = `
      /* a comment */
      :host([size='small']) {
        --x: var(--presently-dot-size, 0.5rem);
        color: light-dark(#000, #fff);
      }
      .list :focus-visible , .a > .b { outline: 2px solid; }
      @media (forced-colors: active) { .shape { --_c: CanvasText; } }
    `;
    expect(minifyCssText(css).trim()).toBe(
      `:host([size='small']){--x:var(--presently-dot-size,0.5rem);color:light-dark(#000,#fff)}.list :focus-visible,.a > .b{outline:2px solid}@media (forced-colors: active){.shape{--_c:CanvasText}}`,
    );
  });

  it('rewrites only the static parts of css`` templates, leaving ${} expressions and other templates alone', async () => {
    const source =
      'import { css } from "lit";\nconst other = `keep   this`;\nexport const s = css `\n  .a {\n    color: ${"red"};\n  }\n`;\nexport { other };';
    const bundle = await rollup({
      input: 'packages/elements/src/virtual.ts',
      external: ['lit'],
      plugins: [
        {
          name: 'virtual',
          resolveId: (id) => (id.endsWith('virtual.ts') ? id : null),
          load: (id) => (id.endsWith('virtual.ts') ? source : null),
        },
        minifyCss({ include: /virtual\.ts$/ }),
      ],
    });
    const { output } = await bundle.generate({ format: 'es', sourcemap: true });
    expect(output[0].code).toContain('css `.a{color:${"red"}}`');
    expect(output[0].code).toContain('`keep   this`');
    expect(output[0].map!.mappings.length).toBeGreaterThan(0);
  });
});
