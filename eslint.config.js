import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.data/', '.stryker-tmp/', 'reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      // Without these, consistent-type-imports would turn DTO imports used only in decorated
      // signatures into `import type`, erasing the metadata the ValidationPipe validates against.
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  { files: ['bench/**', 'test/**'], rules: { 'no-console': 'off' } },
  // The operator console: plain ES modules the browser loads as they are (no build step).
  { files: ['console/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
  {
    // Clients' requests: `null` is not "left out", an array is not an object (see http/shared). Provider callbacks
    // under telephony/ keep class-validator's leniency: a provider may send null for a field it lacks.
    files: ['src/infrastructure/http/**'],
    ignores: ['src/infrastructure/http/telephony/**', 'src/infrastructure/http/shared/*.decorator.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional', 'ValidateNested'],
              message: 'use Optional() / Nested() from http/shared: they refuse null, and arrays in place of objects',
            },
          ],
        },
      ],
    },
  },
);
