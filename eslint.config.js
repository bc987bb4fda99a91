// Lint rules that carry the architecture (DESIGN §2): only `config` reads the environment; only
// `storage` imports minio, only `pki` node-forge, only `pdf` pdf-lib; the web app never imports server code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const onlyIn = (pkg, owner) => ({
  name: pkg,
  message: `Only ${owner} may import ${pkg} (DESIGN §2).`,
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'drizzle/**', '**/.turbo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through @ebid/config (loadConfig).' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            onlyIn('minio', 'packages/storage'),
            onlyIn('node-forge', 'packages/pki'),
            onlyIn('pdf-lib', 'packages/pdf'),
            onlyIn('@pdf-lib/fontkit', 'packages/pdf'),
          ],
        },
      ],
    },
  },
  // The environment's readers: config, test harness, scripts and the drizzle-kit config.
  {
    files: [
      'packages/config/src/**',
      'packages/testing/src/**',
      '**/*.test.ts',
      '**/*.test.tsx',
      'tests/**',
      'scripts/**',
      'drizzle.config.ts',
      'packages/storage/scripts/**',
      'apps/web/vite.config.ts',
      'vitest.config.ts',
      'packages/*/vitest.*.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  { files: ['packages/storage/src/**', 'packages/pki/src/**', 'packages/pdf/src/**'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@ebid/services', '@ebid/db', '@ebid/storage', '@ebid/config', '@ebid/server', '@ebid/testing'],
              message: 'The web app imports only types from @ebid/api and browser-safe packages (DESIGN §2).',
            },
            { group: ['@ebid/api', '@ebid/api/*'], allowTypeImports: true, message: 'Import only types from @ebid/api.' },
          ],
        },
      ],
    },
  },
);
