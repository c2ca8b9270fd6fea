// Minifies the CSS inside Lit's css`…` tagged templates: terser leaves template text as it is, so every
// indent, line break and comment of our stylesheets would ship. Only the static parts between ${…} are
// touched, and only in ways that cannot change meaning: comments go, whitespace runs become one space,
// and the space next to `{ } ; ,` and after `:` in declarations is dropped. Space before `:` is kept
// (`a :hover` and `a:hover` are different selectors). Source maps stay exact (magic-string).
import MagicString from 'magic-string';

// TypeScript prints the tag as `css \`…\`` (with a space).
const CSS_TEMPLATE = /\bcss ?`((?:[^`\\]|\\.)*)`/g;

/** Minifies one static CSS fragment. Exported for the unit test. */
export function minifyCssText(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,]) ?/g, '$1')
    .replace(/([{;]) ?([\w-]+): /g, '$1$2:')
    .replace(/;}/g, '}');
}

function minifyTemplate(body) {
  // Split on ${…} (no nesting of braces inside our expressions is assumed beyond one level).
  return body
    .split(/(\$\{[^}]*\})/)
    .map((part) => (part.startsWith('${') ? part : minifyCssText(part)))
    .join('')
    .trim();
}

export function minifyCss({ include = /packages\/elements\/src\/.*\.ts$/ } = {}) {
  return {
    name: 'minify-css',
    transform(code, id) {
      if (!include.test(id) || !/\bcss ?`/.test(code)) return null;
      const s = new MagicString(code);
      for (const m of code.matchAll(CSS_TEMPLATE)) {
        const start = m.index + m[0].length - m[1].length - 1;
        const min = minifyTemplate(m[1]);
        if (m[1].length && min !== m[1]) s.overwrite(start, start + m[1].length, min);
      }
      return { code: s.toString(), map: s.generateMap({ hires: true }) };
    },
  };
}
