// Flat config: typescript-eslint with type-aware rules, import order, and layer zones
// that keep dependencies pointing inward (renderer → contract ← core ← electron).
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const coreMayNotImport = [
  {
    group: ['electron', 'electron/*', 'electron-store'],
    message: 'core/ is plain Node: it never imports electron.',
  },
  {
    group: ['react', 'react-dom', 'react/*', 'zustand'],
    message: 'core/ never imports UI libraries.',
  },
  {
    group: ['**/electron/**', '**/renderer/**'],
    message: 'core/ never imports the shells that depend on it.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      '.cache/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      'no-restricted-imports': ['error', { patterns: coreMayNotImport }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*', '**/electron/**'],
              message: 'renderer/ talks to core only through the contract client.',
            },
            { group: ['node:*'], message: 'renderer/ runs in a browser: no Node built-ins.' },
            {
              // gitignore semantics: a file under an excluded folder cannot be re-included, so
              // exclude core's direct children and re-include the shared folder itself.
              group: ['**/core/*', '!**/core/shared'],
              message:
                'renderer/ may import only core/shared (the contract), never core internals.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The user-facing strings are plain data shared with the tray: the one exception.
              group: ['**/core/shared/*', '!**/core/shared/strings'],
              allowTypeImports: true,
              message:
                'renderer/ may only `import type` from core/shared; values come over the bridge.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**', 'react', 'react-dom'],
              message: 'electron/ never imports the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    // Sandboxed preloads must be CommonJS, and `import x = require()` is the only import form
    // verbatimModuleSyntax accepts there; plain require() calls stay forbidden.
    files: ['electron/preload/**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }] },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Plain Node scripts; the `globals` package is not installed, so the few they use are named.
    files: ['scripts/**/*.mjs'],
    languageOptions: {
      globals: { Buffer: 'readonly', console: 'readonly', process: 'readonly', URL: 'readonly' },
    },
  },
);
