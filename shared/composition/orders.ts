import { ulid } from 'ulid';
import type { OrderDeps } from '#shared/application/orders/order-deps.ts';
import { loadConfig } from '#shared/config.ts';
import { ordersConfigSchema } from '#shared/config/orders.ts';
import { dynamoOrderRepository } from '#shared/infrastructure/orders/dynamo-order-repository.ts';
import { dynamoProductReader } from '#shared/infrastructure/orders/dynamo-product-reader.ts';
import { dynamoRateLimiter } from '#shared/infrastructure/rate-limit/dynamo-rate-limiter.ts';
import { dynamoUnpaidOrders } from '#shared/infrastructure/orders/dynamo-unpaid-orders.ts';
import type { ExpireUnpaidOrdersDeps } from '#shared/application/orders/expire-unpaid-orders.ts';
import { routeFor } from '#shared/middleware/http/route.ts';
import { accessTokenVerifier } from './auth.ts';
import { documentClientOf, dynamoClientFor } from './aws.ts';
import { once } from './memo.ts';
import { systemClock } from '#shared/domain/clock.ts';

// The orders composition root: config parsed at cold start, adapters built once per container on first use.
export const ordersConfig = loadConfig(ordersConfigSchema);
const config = ordersConfig;

/** The plain client under the document client. */
export const dynamoClient = /* @__PURE__ */ dynamoClientFor(config);

const clock = systemClock;

export const orderDeps = /* @__PURE__ */ once(async (): Promise<OrderDeps> => {
  const documents = documentClientOf(dynamoClient);
  return {
    orders: dynamoOrderRepository({ client: documents, tableName: config.TABLE_NAME, clock }),
    products: dynamoProductReader({ client: documents, tableName: config.TABLE_NAME }),
    clock,
    newId: () => ulid(),
  };
});

/** placeOrder's deps: the order deps plus the per-customer limits it checks before anything is read or reserved. */
export const placeOrderDeps = /* @__PURE__ */ once(async () => {
  const deps = await orderDeps();
  const placement = {
    limiter: dynamoRateLimiter({ client: documentClientOf(dynamoClient), tableName: config.TABLE_NAME, clock }),
    countUnpaid: async (customerId: string, atMost: number) =>
      (await deps.orders.listByCustomer(customerId, { limit: atMost, status: 'PENDING_PAYMENT' })).items.length,
    perCustomer: config.ORDER_RATE_PER_CUSTOMER,
    maxUnpaid: config.ORDER_MAX_UNPAID,
  };
  return { ...deps, placement };
});

/** Every orders route is signed in. */
export const ordersRoute = /* @__PURE__ */ routeFor({ verifier: accessTokenVerifier });

/** The payment deadline's sweep: the order cycle plus a walk of the order ledger, oldest first. */
export const expireUnpaidOrdersDeps = /* @__PURE__ */ once(async (): Promise<ExpireUnpaidOrdersDeps> => ({
  orders: await orderDeps(),
  unpaid: dynamoUnpaidOrders({ client: documentClientOf(dynamoClient), tableName: config.TABLE_NAME, clock }),
}));
