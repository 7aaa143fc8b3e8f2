import js from '@eslint/js'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import ts from 'typescript-eslint'

export default ts.config(
  {
    ignores: [
      '**/node_modules/',
      'data/',
      'profiles/',
      'web/build/',
      'web/.svelte-kit/',
      'web/src/lib/paraglide/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused names are mistakes, except a deliberately ignored `_` argument.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // Matching control characters is what those patterns are for (NUL and C0 in user text, links).
      'no-control-regex': 'off',
      // Agora is served at the root (no paths.base), so resolve() would add nothing to a link.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    // One owner per table (ARCHITECTURE.md): Kysely is written only in a queries.ts or queries/.
    files: ['server/src/**/*.ts'],
    ignores: [
      '**/queries.ts',
      '**/queries/**',
      '**/*.test.ts',
      'server/src/db/**',
      'server/src/testing/**',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto|selectNoFrom)$/]',
          message:
            'Kysely belongs in the feature\'s queries.ts (ARCHITECTURE.md, "Tables and their owners").',
        },
      ],
    },
  },
  {
    // Migrations are frozen in time and typed against no schema (Kysely<any>), as Kysely advises.
    files: ['migrations/**', 'server/src/db/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/src/**/*.svelte', 'web/src/**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    // CLIs and test harnesses talk to a person on the terminal.
    files: ['scripts/**', 'test/**', '**/*.test.ts', 'server/src/testing/**', 'server/src/main.ts'],
    // Vitest fixtures that need nothing destructure an empty object: `async ({}, use) => …`.
    rules: { 'no-console': 'off', 'no-empty-pattern': 'off' },
  },
)
