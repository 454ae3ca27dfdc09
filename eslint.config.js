import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'var/**', 'coverage/**', 'web/dist/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `interface Signal extends Static<typeof SignalSchema> {}`: a named type derived from a TypeBox schema.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  // The dashboard runs in the browser.
  { files: ['web/src/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  // Layering (docs/ARCHITECTURE.md): dependencies point inward.
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*', '!../domain/*'], message: 'src/domain imports nothing of ours outside src/domain (it is the core every layer uses).' }] }],
    },
  },
  {
    files: ['src/pipeline/**/*.ts', 'src/jobs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../store/kysely/*', '../store/dialects/*', '../sources/*/*', '../notify/*/*', '../analysis/*/*', '../api/*', '../cli/*', '../main/*', 'kysely', 'pg', 'better-sqlite3', 'fastify'],
              message: 'the pipeline and jobs work over ports (store/*.port.ts, sources/source.port.ts, notify/notifier.port.ts, analysis/analyzer.port.ts), never adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/text/**/*.ts', 'src/stories/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../store/*', '../store/**', '../api/*', '../cli/*', '../main/*', '../pipeline/*', '../sources/*', '../notify/*', 'node:*', 'kysely', 'pg', 'better-sqlite3', 'fastify'],
              message: 'the text layer and story assignment are pure (ADR 0022): no I/O, no adapters; state comes through StoryState and DocumentFrequencies.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/api/routes/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['kysely', 'pg', 'better-sqlite3', '**/store/kysely/*', '**/store/dialects/*'], message: 'routes read and write through the Store port, never the database.' }] },
      ],
    },
  },
);
