// Lint rules that keep the architecture of ../shared/ARCHITECTURE.md honest: the import
// boundaries between folders are errors here, not conventions.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noAzureSdk = {
  group: ['@azure/*', '**/src/azure', '**/src/azure/**', '../azure', '../azure/**'],
  message: 'src/spec and src/plan are pure: they never import src/azure or an Azure SDK.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.state/**', 'images/**/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/test return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: [
                'describe',
                'test',
                'it',
                'suite',
                'before',
                'after',
                'beforeEach',
                'afterEach',
              ],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports only.' },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
  {
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@azure/arm-*'],
              message: 'functions/ is glue: ARM clients live in src/azure.',
            },
            {
              group: ['**/local/**'],
              message: 'functions/ must not depend on the local stand-ins.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/functions/**', '**/functions'],
              message: 'Arrows point down: src/ never imports functions/.',
            },
            { group: ['**/local/**'], message: 'Only src/cli may start the local stand-ins.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/spec/**/*.ts', 'src/plan/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noAzureSdk,
            {
              group: [
                '**/provisioning/**',
                '**/certs/**',
                '**/reconcile/**',
                '**/cli/**',
                '**/functions/**',
                '**/local/**',
              ],
              message: 'src/spec and src/plan depend on nothing but each other.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['local/emulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**', '**/functions/**', '**/local/host/**'],
              message:
                'The emulator is an independent stand-in for Azure: it imports nothing from the app.',
            },
            {
              group: ['@azure/*'],
              message: 'The emulator does not use the Azure SDK it is meant to check.',
            },
          ],
        },
      ],
    },
  },
);
