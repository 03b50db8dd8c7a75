import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', '.test-output/', 'public/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
      // Parsers of mail and DNS text match control characters on purpose.
      'no-control-regex': 'off',
      // Untrusted text (headers, TXT records, report XML) is rendered as text only.
      'svelte/no-at-html-tags': 'error',
      'no-restricted-properties': [
        'error',
        {
          property: 'innerHTML',
          message: 'Render untrusted text with Svelte interpolation, never as markup.',
        },
        {
          property: 'outerHTML',
          message: 'Render untrusted text with Svelte interpolation, never as markup.',
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['src/lib/**/*.ts'],
    rules: {
      // src/lib is pure: no DOM, no Svelte.
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'sessionStorage', 'navigator'],
      'no-restricted-imports': ['error', { patterns: ['svelte', 'svelte/*', '**/*.svelte', '**/state/*'] }],
    },
  },
);
