import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layering } from './eslint.layers.mjs';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'data/', '.cache/', 'test-results/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // process.env is read by the entry points only and handed to src/config, so configuration stays testable.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config only.' },
      ],
    },
  },
  ...layering,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
  },
  {
    // The Manage Team page: browser ES modules, no build step.
    files: ['web/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      ecmaVersion: 2022,
      globals: {
        window: 'readonly',
        document: 'readonly',
        sessionStorage: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        CustomEvent: 'readonly',
        Node: 'readonly',
        CSS: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  {
    files: [
      'src/main.ts',
      'src/cli/main.ts',
      'src/config/**',
      'src/store/embedded/**',
      'test/**',
      'bench/**',
      'scripts/**',
      '*.config.*',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
