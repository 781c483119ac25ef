// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'var/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  { files: ['src/cli/**', 'scripts/**', 'bench/**', 'test/**'], rules: { 'no-console': 'off' } },
  {
    // Express stays at the edge (the app, the routes, src/http/, the authentication of
    // requests), so that the domain can be called from the command line, a scheduler or a
    // test without it.
    files: ['src/**/*.ts'],
    ignores: [
      'src/app.ts',
      'src/http/**',
      'src/auth/**',
      'src/**/*routes.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['express', 'multer'].map((name) => ({ name, message: 'Express belongs to the routes and src/http/: pass the domain plain values.' })),
        },
      ],
    },
  },
  {
    // The web pages' plain browser scripts.
    files: ['src/web/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['document', 'window', 'fetch', 'FormData', 'sessionStorage', 'crypto', 'URL', 'Intl', 'setTimeout', 'clearTimeout', 'Blob', 'Response'].map((g) => [g, 'readonly']),
      ),
    },
  },
);
