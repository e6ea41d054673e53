// One lint setup for the whole repository. Layout is Prettier's (.prettierrc.json, checked by
// `npm test`): no stylistic rules here.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'fixtures/**/*.py',
      '.cache/**',
      'tarballs/**',
      'test/journey/app/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A forgotten await on a run or an async matcher silently loses its verdict.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The grader grades a batch on one event loop: nothing on it waits synchronously (the
    // synchronous probes for `proclife doctor` live in run-probe.ts, off the grading path).
    files: ['packages/grader/src/**/*.ts'],
    ignores: ['packages/grader/src/run-probe.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportSpecifier[imported.name=/^(spawnSync|execSync|execFileSync)$/]',
          message: 'No synchronous child process on the grading event loop: use probeCommand (run-probe.ts) or spawn.',
        },
        {
          selector: "MemberExpression[object.name='Atomics'][property.name='wait']",
          message: 'No synchronous wait on the grading event loop: use a timer (node:timers/promises).',
        },
      ],
    },
  },
  {
    files: ['bench/**', 'scripts/**', '**/cli-*.ts', '**/bin.ts', 'fixtures/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
)
