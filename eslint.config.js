import tseslint from 'typescript-eslint';

const forbiddenInDomain = ['@aws-sdk/*', '@middy/*', '@aws-lambda-powertools/*', 'aws-lambda', 'node:*'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.esbuild*/**', '.serverless/**', '.local/**', 'bench/.build/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      'no-restricted-syntax': [
        'error',
        {
          // `import { z }` drags every zod locale (250 KB) into each bundle; the namespace import tree-shakes.
          selector: "ImportDeclaration[source.value='zod'][importKind='value'] > ImportSpecifier[imported.name='z'][importKind='value']",
          message: "Use `import * as z from 'zod'`: the named import defeats tree-shaking.",
        },
      ],
    },
  },
  {
    // The domain is pure: no AWS SDK, middy, Powertools or Lambda types, no Node built-ins.
    files: ['shared/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: forbiddenInDomain,
              message:
                'shared/domain must stay free of AWS, middy, Powertools and Node APIs: declare a port and implement it in shared/infrastructure.',
            },
          ],
        },
      ],
    },
  },
  {
    // Bundled code validates with zod/mini through shared/zod.ts (its English messages are loaded there); classic zod
    // is about 70 KiB more per Lambda. Only the response contracts (documentation and tests, never bundled) use it.
    files: ['shared/**/*.ts', 'functions/**/*.ts'],
    ignores: ['**/*.test.ts', 'shared/zod.ts', 'shared/contracts/http/responses.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'zod', message: "Use `import * as z from '#shared/zod.ts'` (zod/mini) in bundled code." },
            { name: 'zod/mini', message: "Use `import * as z from '#shared/zod.ts'`: it loads zod's English messages." },
          ],
        },
      ],
    },
  },
  {
    // esbuild stand-ins for CommonJS modules of dependencies, and the plugin file serverless-esbuild `require`s, are
    // CommonJS themselves.
    files: ['infra/esbuild/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Handlers are wiring: application code, schemas, their composition root and the spines. Adapters, SDK clients
    // and config parsing belong in shared/composition, so a handler cannot build its own dependencies.
    files: ['functions/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // A regex, because a gitignore-style `group` entry that starts with `#` is a comment and matches nothing.
              regex: '^(#shared/infrastructure/|#shared/config(\\.ts$|/)|@aws-sdk/)',
              message: 'A handler is wiring only: build adapters, SDK clients and config in its shared/composition root.',
            },
          ],
        },
      ],
    },
  },
);
