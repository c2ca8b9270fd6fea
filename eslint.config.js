// ESLint for the whole workspace (flat config). Formatting is Prettier's (.prettierrc.json); these rules catch
// mistakes, not layout. `pnpm lint` runs it with `prettier --check`; `pnpm format` applies both fixers.
import js from '@eslint/js';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    'coverage/',
    'docs/api/',
    '.tmp/',
    // Generated or third-party-shaped: the floor stack is measured as it is.
    'bench/floor/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  comments.recommended,
  // Turns off the stylistic rules Prettier owns (including max-len, set again below).
  prettier,
  {
    linterOptions: {
      // A disable comment that no longer suppresses anything is an error, so stale ones go.
      reportUnusedDisableDirectives: 'error',
      reportUnusedInlineConfigs: 'error',
    },
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      // Every eslint-disable says why, after `--`.
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: ['eslint-enable'] }],
      '@eslint-community/eslint-comments/disable-enable-pair': ['error', { allowWholeFile: true }],
      '@eslint-community/eslint-comments/no-unlimited-disable': 'error',
      // Prettier wraps code at 140; this holds what it can't wrap (comments, strings, templates) to the same width.
      // A regex literal can't be wrapped either: the one long one is an RFC table.
      'max-len': ['error', { code: 140, tabWidth: 2, ignoreUrls: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      // ignoreReadBeforeAssign: a `let` that a closure reads before its one assignment would be in its TDZ as a const.
      'prefer-const': ['error', { destructuring: 'all', ignoreReadBeforeAssign: true }],
      // `declare module` augmentations (vitest's BrowserCommands) extend one interface and add nothing of their own.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // Protocol text is validated by matching control characters on purpose (JIDs, XML names, terminal colours).
      'no-control-regex': 'off',
      // Character classes spelled with \u escapes (RFC 3454 tables) list combining marks one by one on purpose.
      'no-misleading-character-class': ['error', { allowEscape: true }],
    },
  },
  {
    // Test and bench code: wire-format fixtures (a stanza reads best as one line, as on the wire) and measurement
    // log lines may run long inside a string; the code and comments around them keep to 140. Browser-page drivers
    // reach untyped globals of the page under test (`window.bench`) through page.evaluate, where `any` is honest.
    files: ['**/*.test.ts', 'test/**', 'bench/**', '**/test-support/**', 'scripts/**/*.test.ts'],
    rules: {
      'max-len': ['error', { code: 140, tabWidth: 2, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
