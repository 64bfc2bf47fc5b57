import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OrderDeps } from '#shared/application/orders/order-deps.ts';
import { placeOrder } from '#shared/application/orders/place-order.ts';
import { runOrderCommand } from '#shared/application/orders/run-order-command.ts';
import { cancel } from '#shared/domain/orders/decide.ts';
import { PaymentInProgressError } from '#shared/domain/payments/payment.ts';
import type { PaymentProvider } from '#shared/domain/payments/ports.ts';
import { paymentKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { dynamoOrderRepository } from '#shared/infrastructure/orders/dynamo-order-repository.ts';
import { dynamoProductReader } from '#shared/infrastructure/orders/dynamo-product-reader.ts';
import { createHttpPaymentProvider } from '#shared/infrastructure/payments/http-payment-provider.ts';
import { dynamoPaymentRepository } from '#shared/infrastructure/payments/payment-repository.ts';
import { startPaymentProviderEmulator, type PaymentProviderEmulator } from '../../../scripts/local/payment-provider.ts';
import { localTable, putProduct } from '../../../tests/support/local-table.ts';
import type { PaymentDeps } from './payment-deps.ts';
import { processPayments } from './process-payments.ts';

// Issue 13: the payments worker keeps no Powertools record per event id; the PAYMENT item (conditional claim, lease,
// conditional transitions) and the order's version and status are its idempotency record. Every guarantee the
// Powertools layer gave, checked here on the real table (DynamoDB Local) and the provider emulator over HTTP, whose
// ledger counts what was really charged and refunded. Only the workers' clock is moved (to let a dead lease expire).
const { client, tableName } = localTable();

let emulator: PaymentProviderEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/** Holds provider calls open: `started` resolves once one began, `open()` lets them all go on. */
const gate = () => {
  let open!: () => void;
  let entered!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const started = new Promise<void>((resolve) => (entered = resolve));
  return { started, open, hold: async () => (entered(), await opened) };
};

const aStack = async () => {
  let now = Date.now();
  const clock = { now: () => new Date(now) };
  emulator = await startPaymentProviderEmulator({ port: 0 });
  const http = createHttpPaymentProvider({ baseUrl: emulator.url, attemptTimeoutMs: 2_000, budgetMs: 5_000, maxAttempts: 2 });
  const calls = { charge: 0, refund: 0 };
  const held = { charge: undefined as ReturnType<typeof gate> | undefined, refund: undefined as ReturnType<typeof gate> | undefined };
  const provider: PaymentProvider = {
    findCharge: (lookup) => http.findCharge(lookup),
    charge: async (request) => {
      calls.charge += 1;
      await held.charge?.hold();
      return http.charge(request);
    },
    refund: async (request) => {
      calls.refund += 1;
      await held.refund?.hold();
      return http.refund(request);
    },
  };
  const orders: OrderDeps = {
    orders: dynamoOrderRepository({ client, tableName, clock }),
    products: dynamoProductReader({ client, tableName }),
    clock,
    newId: () => ulid(),
    retry: { attempts: 6, baseDelayMs: 10 },
  };
  const payments = dynamoPaymentRepository({ client, tableName, clock });
  const deps: PaymentDeps = { payments, provider, orders, remainingTimeMs: () => 18_000 };
  const { id: productId } = await putProduct({ client, tableName }, { stock: 5, price: { amount: 2500, currency: 'EUR' } });
  const order = await placeOrder(orders, { customerId: ulid(), body: { lines: [{ productId, quantity: 1 }] }, correlationId: 'int-dup' });
  // One message per event, delivered as often as the test says (SQS at-least-once, a redrive, a replay).
  const decision = { eventId: ulid(), type: 'OrderRiskAssessed' as const, orderId: order.id, correlationId: 'int-dup' };
  const cancelled = { eventId: ulid(), type: 'OrderCancelled' as const, orderId: order.id, correlationId: 'int-dup' };
  const mine = () => {
    const { charges, refunds } = emulator!.charges();
    const ids = new Set(charges.filter((charge) => charge.orderId === order.id).map((charge) => charge.chargeId));
    return {
      captures: charges.filter((charge) => charge.orderId === order.id && charge.status === 'captured'),
      refunds: refunds.filter((refund) => ids.has(refund.chargeId)),
    };
  };
  return {
    order,
    calls,
    held,
    payments,
    http,
    decide: () => processPayments(deps, decision),
    cancelled: () => processPayments(deps, cancelled),
    placedLate: () => processPayments(deps, { ...decision, eventId: ulid(), type: 'OrderPlaced' }),
    cancelOrder: () =>
      runOrderCommand(orders, { orderId: order.id, correlationId: 'int-dup' }, (current, meta) =>
        cancel(current, { reason: 'customer', meta }),
      ),
    later: (seconds: number) => void (now += seconds * 1000),
    nowIso: () => clock.now().toISOString(),
    mine,
    types: async () => (await orders.orders.events(order.id)).map((event) => event.type),
    orderNow: async () => (await orders.orders.load(order.id)).order!,
    rawPayment: async () =>
      (await client.send(new GetCommand({ TableName: tableName, Key: paymentKey(order.id), ConsistentRead: true }))).Item!,
  };
};
type Stack = Awaited<ReturnType<typeof aStack>>;

/** Starts `count` deliveries while the first provider call is held open; returns them once all but that one settled. */
const deliveriesDuringTheFirst = async (stack: Stack, which: 'charge' | 'refund', count: number, deliver: () => Promise<string>) => {
  const call = gate();
  stack.held[which] = call;
  let settled = 0;
  const all = Promise.allSettled(
    Array.from({ length: count }, () =>
      deliver().finally(() => {
        settled += 1;
      }),
    ),
  );
  await call.started;
  await vi.waitFor(() => expect(settled).toBe(count - 1), { timeout: 10_000, interval: 20 });
  call.open();
  stack.held[which] = undefined;
  return all;
};

const refusals = (results: PromiseSettledResult<string>[]) =>
  results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
const outcomes = (results: PromiseSettledResult<string>[]) =>
  results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));

describe('the payments worker without a record per event id (DynamoDB Local + provider emulator)', () => {
  it('five workers on the same decision at once: one calls the provider, four are refused and complete on redelivery', async () => {
    const stack = await aStack();

    const results = await deliveriesDuringTheFirst(stack, 'charge', 5, stack.decide);

    expect(outcomes(results)).toEqual(['paid']);
    expect(refusals(results)).toHaveLength(4);
    for (const error of refusals(results)) expect(error).toBeInstanceOf(PaymentInProgressError);
    for (let redelivery = 0; redelivery < 4; redelivery += 1) expect(await stack.decide()).toBe('paid');
    expect(stack.calls.charge).toBe(1);
    expect(stack.mine().captures).toHaveLength(1);
    expect(await stack.types()).toEqual(['OrderPlaced', 'OrderPaid']);
    const item = await stack.rawPayment();
    expect(item).toMatchObject({ state: 'CAPTURED', chargeId: stack.mine().captures[0]!.chargeId });
    expect(item.leaseHolder).toBeUndefined();
    expect(item.leaseUntil).toBeUndefined();
  });

  it('a duplicate after the first finished: the recorded outcome, no provider call, nothing written to the PAYMENT item', async () => {
    const stack = await aStack();
    expect(await stack.decide()).toBe('paid');
    const before = await stack.rawPayment();

    expect(await stack.decide()).toBe('paid');
    expect(await stack.decide()).toBe('paid');

    expect(stack.calls.charge).toBe(1);
    expect(await stack.rawPayment()).toEqual(before);
    expect(await stack.types()).toEqual(['OrderPlaced', 'OrderPaid']);
    expect((await stack.orderNow()).version).toBe(2);
  });

  it('a crash after the claim, before the charge: the redelivery waits out the dead lease, then charges once', async () => {
    const stack = await aStack();
    // The table exactly as a worker that died right after its claim leaves it.
    await stack.payments.create(stack.order.id, 'PENDING', stack.order.total, {
      holder: 'dead',
      until: new Date(Date.now() + 18_000).toISOString(),
    });

    await expect(stack.decide()).rejects.toBeInstanceOf(PaymentInProgressError);
    expect(stack.calls.charge).toBe(0);
    stack.later(19);
    expect(await stack.decide()).toBe('paid');

    expect(stack.mine().captures).toHaveLength(1);
    expect(await stack.types()).toEqual(['OrderPlaced', 'OrderPaid']);
  });

  /** What a worker that claimed the payment and was charged, then died, leaves: its lease (18 s left) and the capture. */
  const chargedByADeadWorker = async (stack: Awaited<ReturnType<typeof aStack>>) => {
    await stack.payments.create(stack.order.id, 'PENDING', stack.order.total, {
      holder: 'dead',
      until: new Date(Date.now() + 18_000).toISOString(),
    });
    return stack.http.charge({ orderId: stack.order.id, amount: stack.order.total, idempotencyKey: `charge:${stack.order.id}` });
  };

  it('a crash after the charge, before recording it: the redelivery takes over, the key `charge:<orderId>` returns the same capture', async () => {
    const stack = await aStack();
    const first = await chargedByADeadWorker(stack);
    stack.later(19);

    expect(await stack.decide()).toBe('paid');

    expect(stack.mine().captures).toHaveLength(1);
    expect(await stack.rawPayment()).toMatchObject({ state: 'CAPTURED', chargeId: first.outcome === 'captured' && first.chargeId });
    expect(await stack.types()).toEqual(['OrderPlaced', 'OrderPaid']);
  });

  it('a crash after recording the capture, before the order event: the redelivery appends OrderPaid once, without the provider', async () => {
    const stack = await aStack();
    const first = await chargedByADeadWorker(stack);
    await stack.payments.transition(stack.order.id, {
      from: 'PENDING',
      to: 'CAPTURED',
      chargeId: first.outcome === 'captured' ? first.chargeId : '',
    });

    const results = await Promise.all([stack.decide(), stack.decide()]);

    expect(results).toEqual(['paid', 'paid']);
    expect(stack.calls.charge).toBe(0);
    expect(stack.mine().captures).toHaveLength(1);
    expect(await stack.types()).toEqual(['OrderPlaced', 'OrderPaid']);
  });

  it('a refund on OrderCancelled happens once, with three deliveries at once and one later', async () => {
    const stack = await aStack();
    expect(await stack.decide()).toBe('paid');
    await stack.cancelOrder();

    const results = await deliveriesDuringTheFirst(stack, 'refund', 3, stack.cancelled);

    expect(outcomes(results)).toEqual(['refunded']);
    for (const error of refusals(results)) expect(error).toBeInstanceOf(PaymentInProgressError);
    expect(await stack.cancelled()).toBe('refunded');
    expect(await stack.cancelled()).toBe('refunded');
    expect(stack.calls.refund).toBe(1);
    expect(stack.mine().refunds).toHaveLength(1);
    expect(await stack.types()).toEqual(['OrderPlaced', 'OrderPaid', 'OrderCancelled', 'OrderRefunded']);
    expect(await stack.rawPayment()).toMatchObject({ state: 'REFUNDED', refundId: stack.mine().refunds[0]!.refundId });
  });

  it('a late OrderPlaced or decision after the cancellation never charges', async () => {
    const stack = await aStack();
    await stack.cancelOrder();

    expect(await stack.placedLate()).toBe('nothing_to_do');
    expect(await stack.decide()).toBe('voided');
    expect(await stack.cancelled()).toBe('voided');
    expect(await stack.decide()).toBe('voided');

    expect(stack.calls.charge).toBe(0);
    expect(stack.mine().captures).toHaveLength(0);
    expect(await stack.rawPayment()).toMatchObject({ state: 'VOIDED' });
    expect(await stack.types()).toEqual(['OrderPlaced', 'OrderCancelled']);
  });
});
