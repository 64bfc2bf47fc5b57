import { ulid } from 'ulid';
import * as z from 'zod';
import type { OrderDeps } from '#shared/application/orders/order-deps.ts';
import { baseConfigSchema, loadConfig } from '#shared/config.ts';
import { dynamoOrderRepository } from '#shared/infrastructure/orders/dynamo-order-repository.ts';
import { dynamoProductReader } from '#shared/infrastructure/orders/dynamo-product-reader.ts';
import { createDynamoBaseClient, documentClientOf } from '#shared/infrastructure/dynamodb/client.ts';

// The orders composition root: real adapters, built once per container.
export const ordersConfig = loadConfig(baseConfigSchema.extend({
  /** How long an Idempotency-Key of POST /orders replays its first response. */
  ORDER_IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(86_400),
}));
const config = ordersConfig;

/** The plain client, shared by the document client and Powertools idempotency (which needs an unwrapped one). */
export const dynamoClient = createDynamoBaseClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
const documents = documentClientOf(dynamoClient);

const clock = { now: () => new Date() };
export const orderDeps: OrderDeps = {
  orders: dynamoOrderRepository({ client: documents, tableName: config.TABLE_NAME, clock }),
  products: dynamoProductReader({ client: documents, tableName: config.TABLE_NAME }),
  clock,
  newId: () => ulid(),
};
