// Lint rules that keep the architecture of docs/architecture.md honest: the import
// boundaries between folders are errors here, not conventions.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noAzureSdk = {
  group: ['@azure/*', '**/src/azure', '**/src/azure/**', '../azure', '../azure/**'],
  message: 'src/spec and src/plan are pure: they never import src/azure or an Azure SDK.',
};

/** What no file in src/ (but the CLI, which starts the local stand-ins) may import. */
const SRC_BASE = [
  {
    group: ['**/functions/**', '**/functions'],
    message: 'Arrows point down: src/ never imports functions/.',
  },
  { group: ['**/local/**'], message: 'Only src/cli may start the local stand-ins.' },
];

/**
 * One layer of src/: its files may not import the folders named, with the reason. Flat config
 * replaces a rule's options instead of merging them, so each layer repeats the src/ base.
 */
function layer(files, ...boundaries) {
  const patterns = boundaries.map(([forbidden, message]) => ({
    group: forbidden.flatMap((f) => [`**/${f}/**`, `**/src/${f}`]),
    message,
  }));
  return [
    {
      files,
      rules: { 'no-restricted-imports': ['error', { patterns: [...SRC_BASE, ...patterns] }] },
    },
  ];
}

const STANDS_ALONE = 'Each workflow stands alone: shared code belongs in src/environments.';
const NOT_PROVISIONING =
  'Reconcile and renewal depend on src/environments, not on provisioning internals.';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.state/**',
      'images/**/dist/**',
      '.stryker-tmp/**',
      'reports/**',
    ],
  },
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
    rules: { 'no-restricted-imports': ['error', { patterns: SRC_BASE }] },
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
                '**/environments/**',
                '**/workflows/**',
                '**/provisioning/**',
                '**/certs/**',
                '**/reconcile/**',
                '**/renewal/**',
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
  ...layer(
    ['src/azure/**/*.ts'],
    [
      ['environments', 'workflows', 'provisioning', 'certs', 'reconcile', 'renewal', 'cli'],
      'src/azure holds the adapters: it knows nothing of the workflows above it.',
    ],
  ),
  ...layer(
    ['src/environments/**/*.ts'],
    [
      ['workflows', 'provisioning', 'certs', 'reconcile', 'renewal', 'teardown', 'cli'],
      'src/environments serves every workflow: it never depends on one of them.',
    ],
  ),
  ...layer(
    ['src/workflows/**/*.ts'],
    [
      ['azure', 'environments', 'provisioning', 'certs', 'reconcile', 'renewal', 'cli'],
      'src/workflows is the Durable plumbing: it knows no Azure service and no workflow.',
    ],
  ),
  ...layer(
    ['src/certs/**/*.ts'],
    [
      ['provisioning', 'reconcile', 'renewal', 'workflows', 'cli'],
      'src/certs serves the certificate stage and the renewal alike: it depends on neither.',
    ],
  ),
  ...layer(
    ['src/notifications/**/*.ts'],
    [
      ['azure', 'environments', 'certs', 'provisioning', 'reconcile', 'renewal', 'cli'],
      'src/notifications announces what every workflow did: it depends on none of them, nor on Azure.',
    ],
  ),
  ...layer(
    ['src/telemetry/**/*.ts'],
    [
      [
        'environments',
        'workflows',
        'notifications',
        'provisioning',
        'certs',
        'reconcile',
        'renewal',
        'status',
        'cli',
      ],
      'src/telemetry records what every layer does: it depends on none of them.',
    ],
  ),
  ...layer(
    ['src/provisioning/**/*.ts'],
    [['reconcile', 'renewal', 'teardown', 'cli'], STANDS_ALONE],
  ),
  ...layer(
    ['src/reconcile/**/*.ts'],
    [['provisioning'], NOT_PROVISIONING],
    [['renewal', 'teardown', 'cli'], STANDS_ALONE],
  ),
  ...layer(
    ['src/renewal/**/*.ts'],
    [['provisioning'], NOT_PROVISIONING],
    [['reconcile', 'teardown', 'cli'], STANDS_ALONE],
  ),
  ...layer(
    ['src/teardown/**/*.ts'],
    [['provisioning'], 'Teardown depends on src/environments, not on provisioning internals.'],
    [['reconcile', 'renewal', 'cli'], STANDS_ALONE],
  ),
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
