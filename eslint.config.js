// Lint rules that make the architecture real: only main/electron may import 'electron', the
// renderer imports no Node module (it talks to the bridge only), the preload imports nothing
// but the contract and its bridge, and shared/ (the dependency-free code every side uses)
// imports nothing but itself and the locale files.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http',
  'http2', 'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'tls', 'url', 'util',
  'v8', 'vm', 'worker_threads', 'zlib',
];

const noElectron = { name: 'electron', message: "Only main/electron/** may import 'electron' (ENGINEERING.md)." };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.preview-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [noElectron] }],
    },
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Screens load from the main process in effects and set state after the await; the
      // rule cannot see the await and flags every such load.
      'react-hooks/set-state-in-effect': 'off',
      // The renderer reaches main/ only through the contract: its methods, the service types it
      // re-exports (main/api/types.ts) and a few values; dependency-free code it shares with
      // the services is in shared/.
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [noElectron, 'better-sqlite3', 'better-sqlite3-multiple-ciphers', 'kysely', 'electron-updater', 'electron-log', ...nodeBuiltins],
          patterns: [
            { group: ['node:*'], message: 'The renderer runs no Node code: ask the main process through the api.' },
            {
              regex: '(^|/)main/(?!api/contract\\.ts$)',
              message: 'The renderer imports from main/ only the contract (main/api/contract.ts); add service types to main/api/types.ts.',
            },
            { regex: '(^|/)server/', message: 'The collector is a separate program.' },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.\\./main/api/contract\\.ts$|\\.\\./main/electron/bridge\\.ts$).*',
              message: 'The preload imports only the contract and its bridge.',
            },
          ],
        },
      ],
    },
  },
  {
    // The contract is bundled into the renderer and preload: it may name the services' types,
    // but import nothing that runs from them (values come from shared/).
    files: ['main/api/contract.ts', 'main/api/schema-parts.ts', 'main/api/methods/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              regex: '^\\.\\./\\.\\./(records|db|sync|reports|harness|electron)/',
              allowTypeImports: true,
              message: 'The contract imports only types from services (values from shared/).',
            },
          ],
        },
      ],
    },
  },
  {
    // Code the renderer, the services and the collector all run: no packages, no Node, no
    // services, so any of them can import it without pulling in the others.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./[\\w.-]+\\.ts$|\\.\\./resources/locales/[\\w-]+\\.json$)',
              message: 'shared/ imports only other shared/ modules (and the locale files): it runs in the renderer, the services and the collector.',
            },
          ],
        },
      ],
    },
  },
  {
    // A migration is frozen in time: the app's code and types will change after it has run.
    files: ['migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              regex: '^(?!kysely(/|$)|\\./)',
              message: 'A migration imports only Kysely and files beside it (its own data), never the app (use Kysely<any>).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
