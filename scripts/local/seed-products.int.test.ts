import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { productKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { DEMO_PRODUCTS, seedProducts } from './seed-products.ts';

describe('seedProducts', () => {
  it('creates the demo products once and leaves them alone on the next run', async () => {
    // Prepare
    const env = inject('localEnv');

    // Act
    const first = await seedProducts(env);
    const second = await seedProducts(env);

    // Assess
    expect(first).toEqual(DEMO_PRODUCTS.map((product) => product.name));
    expect(second).toEqual([]);
    const client = createDynamoClient({
      region: env.AWS_REGION!,
      endpoint: env.DYNAMODB_ENDPOINT,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { Item } = await client.send(new GetCommand({ TableName: env.TABLE_NAME!, Key: productKey(DEMO_PRODUCTS[0]!.id) }));
    expect(Item).toMatchObject({ entity: 'Product', status: 'ACTIVE', version: 1 });
  });
});
