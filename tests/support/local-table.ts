import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { inject } from 'vitest';
import type { OrderDeps } from '#shared/application/orders/order-deps.ts';
import { productKey, stamp } from '#shared/infrastructure/dynamodb/keys.ts';
import { dynamoOrderRepository } from '#shared/infrastructure/orders/dynamo-order-repository.ts';
import { dynamoProductReader } from '#shared/infrastructure/orders/dynamo-product-reader.ts';

/** DynamoDB Local of the integration run (tests/setup/integration.ts), with real adapters around it. */
export const localTable = () => {
  const env = inject('localEnv');
  const raw = new DynamoDBClient({
    region: env.AWS_REGION,
    endpoint: env.DYNAMODB_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = env.TABLE_NAME!;
  const clock = { now: () => new Date() };
  const deps: OrderDeps = {
    orders: dynamoOrderRepository({ client, tableName, clock }),
    products: dynamoProductReader({ client, tableName }),
    clock,
    newId: () => ulid(),
    retry: { attempts: 4, baseDelayMs: 10 },
  };
  return { raw, client, tableName, deps };
};

export interface ProductOverrides {
  id?: string;
  name?: string;
  price?: { amount: number; currency: string };
  stock?: number;
  status?: 'ACTIVE' | 'ARCHIVED';
}

/** A product item exactly as the catalog contract lays it out. */
export const aProductItem = (overrides: ProductOverrides = {}) => {
  const id = overrides.id ?? ulid();
  const now = new Date().toISOString();
  return {
    ...productKey(id),
    ...stamp('Product'),
    id,
    name: overrides.name ?? `Product ${id.slice(-6)}`,
    description: 'test product',
    price: overrides.price ?? { amount: 1999, currency: 'EUR' },
    stock: overrides.stock ?? 100,
    status: overrides.status ?? 'ACTIVE',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
};

export const putProduct = async (
  { client, tableName }: { client: DynamoDBDocumentClient; tableName: string },
  overrides: ProductOverrides = {},
) => {
  const item = aProductItem(overrides);
  await client.send(new PutCommand({ TableName: tableName, Item: item }));
  return item;
};

export const stockOf = async (
  { client, tableName }: { client: DynamoDBDocumentClient; tableName: string },
  productId: string,
): Promise<number> => {
  const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: productKey(productId), ConsistentRead: true }));
  return Item?.stock as number;
};
