import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const eslint = new ESLint();
const handlerPath = 'functions/orders/some-use-case/handler.ts';

const restrictedImportsIn = async (code: string, filePath = handlerPath, ruleId = '@typescript-eslint/no-restricted-imports') => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === ruleId);
};

// The first lintText loads the whole ESLint config (typescript-eslint included): seconds on a busy machine, so it
// happens once, in a hook with room for it, and each test gets a lint-sized timeout of its own.
beforeAll(async () => {
  await eslint.lintText('export {};\n', { filePath: 'shared/warm-up.ts' });
}, 120_000);

describe('the import rule for handlers under functions/', { timeout: 30_000 }, () => {
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

describe('the zod rule for bundled code', { timeout: 30_000 }, () => {
  const zodImportsIn = (code: string, filePath: string) => restrictedImportsIn(code, filePath, 'no-restricted-imports');
  const schemaModule = (from: string) => `import * as z from '${from}';\nexport const id = z.string();\n`;

  it.each([
    ['zod', 'shared/application/orders/schemas.ts'],
    ['zod/mini', 'shared/infrastructure/orders/order-items.ts'],
    ['zod', 'functions/orders/place-order/handler.ts'],
  ])("rejects '%s' in %s", async (from, filePath) => {
    const messages = await zodImportsIn(schemaModule(from), filePath);

    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toMatch(/#shared\/zod\.ts/);
  });

  it.each([
    ['#shared/zod.ts', 'shared/application/orders/schemas.ts'],
    ['zod', 'shared/contracts/http/responses.ts'],
    ['zod', 'scripts/openapi/document.ts'],
    ['zod', 'shared/middleware/http/route.test.ts'],
  ])("accepts '%s' in %s", async (from, filePath) => {
    expect(await zodImportsIn(schemaModule(from), filePath)).toEqual([]);
  });
});
