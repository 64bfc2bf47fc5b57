import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const lint = async (filePath: string, code: string) => (await eslint.lintText(code, { filePath }))[0]?.messages ?? [];

describe('the domain import rule', () => {
  it.each([
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import middy from '@middy/core';",
    "import { Logger } from '@aws-lambda-powertools/logger';",
    "import type { Context } from 'aws-lambda';",
    "import { randomUUID } from 'node:crypto';",
  ])('rejects %s inside shared/domain', async (statement) => {
    const messages = await lint(
      'shared/domain/orders/sample.ts',
      `${statement}\nexport const used = [${statement
        .match(/\{ (?:type )?(\w+) \}|import (\w+)/)
        ?.slice(1)
        .find(Boolean)}];\n`,
    );

    expect(messages.map((message) => message.ruleId)).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('allows the same import in shared/infrastructure', async () => {
    const messages = await lint(
      'shared/infrastructure/sample.ts',
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const used = [DynamoDBClient];\n",
    );

    expect(messages.map((message) => message.ruleId)).not.toContain('@typescript-eslint/no-restricted-imports');
  });
});
