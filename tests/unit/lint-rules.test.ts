import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const handlerPath = 'functions/orders/some-use-case/handler.ts';

const restrictedImportsIn = async (code: string, filePath = handlerPath) => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports');
};

describe('the import rule for handlers under functions/', () => {
  it.each([
    ["import { dynamoOrderRepository } from '#shared/infrastructure/orders/dynamo-order-repository.ts';"],
    ["import { DynamoDBClient } from '@aws-sdk/client-dynamodb';"],
    ["import { loadConfig } from '#shared/config.ts';"],
    ["import { ordersConfigSchema } from '#shared/config/orders.ts';"],
  ])('rejects %s', async (code) => {
    const messages = await restrictedImportsIn(`${code}\nexport const used = [${code.match(/\{ (\w+) \}/)?.[1]}];\n`);

    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toMatch(/composition root/);
  });

  it('accepts a handler built from application code, schemas, its composition root and the spine', async () => {
    const code = [
      "import { getOrder } from '#shared/application/orders/read-orders.ts';",
      "import { orderIdPath } from '#shared/application/orders/schemas.ts';",
      "import { orderDeps, ordersRoute } from '#shared/composition/orders.ts';",
      "import { publicRoute } from '#shared/middleware/http/route.ts';",
      'export const used = [getOrder, orderIdPath, orderDeps, ordersRoute, publicRoute];',
      '',
    ].join('\n');

    expect(await restrictedImportsIn(code)).toEqual([]);
  });

  it('leaves composition roots free to import adapters', async () => {
    const code = "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const used = [DynamoDBClient];\n";

    expect(await restrictedImportsIn(code, 'shared/composition/orders.ts')).toEqual([]);
  });
});
