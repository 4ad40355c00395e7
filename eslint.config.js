import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Layer rules of DESIGN.md §4: data flows http → features → core; errors.ts and actor.ts sit below all. */
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const layer = (group, message) => ({ group, message });

const NO_HTTP_IN_SERVICES = layer(
  ['**/http/**', 'express'],
  'services and repositories know nothing of HTTP',
);
/** A feature that uses another goes through its public surface (its index.ts), never its repository or models. */
const CREDENTIALS_SURFACE_ONLY = layer(
  ['**/features/credentials/**', '**/credentials/**', '!**/credentials/index.js'],
  'use the credentials feature through its public surface (features/credentials/index.ts), never its repository, models or internals',
);

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.tools/', '.tmp/', 'test/helpers/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict([
      layer(['**/http/**', '**/features/**', '**/infra/**'], 'core/ is pure: no http, features or infra'),
      layer(['express', 'mongoose', 'mongodb', 'node:fs', 'node:fs/*', 'fs'], 'core/ does no I/O'),
    ]),
  },
  {
    files: ['src/http/**/*.ts', 'src/infra/**/*.ts'],
    rules: restrict([layer(['**/features/**'], 'http/ and infra/ serve every feature and import none')]),
  },
  {
    files: ['src/features/**/*.service.ts', 'src/features/**/*.repository.ts'],
    rules: restrict([NO_HTTP_IN_SERVICES]),
  },
  // later entries replace the rule for the files they match: each repeats what still applies there
  {
    files: ['src/features/vc-api/**/*.ts'],
    rules: restrict([CREDENTIALS_SURFACE_ONLY]),
  },
  {
    files: ['src/features/vc-api/**/*.service.ts'],
    rules: restrict([NO_HTTP_IN_SERVICES, CREDENTIALS_SURFACE_ONLY]),
  },
);
