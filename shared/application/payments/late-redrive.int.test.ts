import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDeps } from '#shared/application/orders/order-deps.ts';
import { placeOrder } from '#shared/application/orders/place-order.ts';
import type { PaymentProvider } from '#shared/domain/payments/ports.ts';
import { dynamoOrderRepository } from '#shared/infrastructure/orders/dynamo-order-repository.ts';
import { dynamoProductReader } from '#shared/infrastructure/orders/dynamo-product-reader.ts';
import { createHttpPaymentProvider } from '#shared/infrastructure/payments/http-payment-provider.ts';
import { dynamoPaymentRepository } from '#shared/infrastructure/payments/payment-repository.ts';
import { startPaymentProviderEmulator, type PaymentProviderEmulator } from '../../../scripts/local/payment-provider.ts';
import { localTable, putProduct } from '../../../tests/support/local-table.ts';
import type { PaymentDeps } from './payment-deps.ts';
import { processPayments } from './process-payments.ts';

// Chaos test of issue 11 ("late redrive can double-capture"): the worker captures, dies before recording it, and the
// same message comes back after the provider forgot the key. Real table (DynamoDB Local), real provider over HTTP
// (the emulator, whose ledger counts the captures); only time is moved, for the table's writers and the emulator alike.
const { client, tableName } = localTable();
const KEY_WINDOW_SECONDS = 3_600;

let emulator: PaymentProviderEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

class WorkerKilledError extends Error {
  override readonly name = 'WorkerKilledError';
}

const aStack = async (workerKeyWindowSeconds: number) => {
  let now = Date.now();
  const clock = { now: () => new Date(now) };
  emulator = await startPaymentProviderEmulator({ port: 0, keyRetentionSeconds: KEY_WINDOW_SECONDS, now: () => now });
  const provider = createHttpPaymentProvider({ baseUrl: emulator.url, attemptTimeoutMs: 2_000, budgetMs: 5_000, maxAttempts: 2 });
  const orders: OrderDeps = {
    orders: dynamoOrderRepository({ client, tableName, clock }),
    products: dynamoProductReader({ client, tableName }),
    clock,
    newId: () => ulid(),
    retry: { attempts: 4, baseDelayMs: 10 },
  };
  const deps = (chargeWith: PaymentProvider): PaymentDeps => ({
    payments: dynamoPaymentRepository({ client, tableName, clock }),
    provider: chargeWith,
    orders,
    providerKeyWindowSeconds: workerKeyWindowSeconds,
  });
  const { id: productId } = await putProduct({ client, tableName }, { stock: 5 });
  const order = await placeOrder(orders, { customerId: ulid(), body: { lines: [{ productId, quantity: 1 }] }, correlationId: 'int-late' });
  // The message, as the payments queue delivers it both times (a redrive sends the same body again).
  const message = { eventId: ulid(), type: 'OrderRiskAssessed' as const, orderId: order.id, correlationId: 'int-late' };
  const killedAfterCapture: PaymentProvider = {
    ...provider,
    charge: async (request) => {
      await provider.charge(request);
      throw new WorkerKilledError('the worker died after the capture, before recording it');
    },
  };
  const captures = () => emulator!.charges().charges.filter((charge) => charge.orderId === order.id && charge.status === 'captured');
  return {
    order,
    captures,
    killed: () => processPayments(deps(killedAfterCapture), message),
    redrive: () => processPayments(deps(provider), { ...message, sentAt: clock.now().toISOString() }),
    later: (seconds: number) => void (now += seconds * 1000),
    orderNow: async () => (await orders.orders.load(order.id)).order!,
    payment: () => dynamoPaymentRepository({ client, tableName, clock }).get(order.id),
  };
};

describe('a late redrive after the worker died between capture and recording (DynamoDB Local + emulator)', () => {
  it.each([
    ['just after the key window', KEY_WINDOW_SECONDS + 60],
    ['14 days later (the DLQ retention)', 14 * 86_400],
  ])('records the first capture %s instead of charging again: exactly one capture', async (_label, seconds) => {
    const stack = await aStack(KEY_WINDOW_SECONDS);
    await expect(stack.killed()).rejects.toThrow(WorkerKilledError);
    expect(stack.captures()).toHaveLength(1);
    expect((await stack.payment())?.state).toBe('PENDING');

    stack.later(seconds);
    expect(await stack.redrive()).toBe('paid');

    const [capture] = stack.captures();
    expect(stack.captures()).toHaveLength(1);
    expect(await stack.payment()).toMatchObject({ state: 'CAPTURED', chargeId: capture!.chargeId });
    expect(await stack.orderNow()).toMatchObject({ status: 'PAID', payment: { status: 'CAPTURED' } });
  });

  it('would capture twice if the worker trusted the key past the provider window (the emulator really forgets it)', async () => {
    const stack = await aStack(30 * 86_400); // configured far longer than the provider's real window
    await expect(stack.killed()).rejects.toThrow(WorkerKilledError);

    stack.later(KEY_WINDOW_SECONDS + 60);
    await stack.redrive();

    expect(stack.captures()).toHaveLength(2);
  });
});
