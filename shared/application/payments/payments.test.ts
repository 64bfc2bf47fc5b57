import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { OrderDeps } from '#shared/application/orders/order-deps.ts';
import { runOrderCommand } from '#shared/application/orders/run-order-command.ts';
import { UnavailableError } from '#shared/domain/errors.ts';
import { isInvalidRecord } from '#shared/middleware/dead-letter.ts';
import { cancel, decidePlaceOrder } from '#shared/domain/orders/decide.ts';
import { InMemoryOrderRepository } from '#shared/domain/orders/testing/in-memory-order-repository.ts';
import { InMemoryProductReader } from '#shared/domain/orders/testing/in-memory-product-reader.ts';
import { aMeta, aProduct, productsOf } from '#shared/domain/orders/testing/order-mother.ts';
import { InMemoryPaymentProvider } from '#shared/domain/payments/testing/in-memory-payment-provider.ts';
import { PaymentInProgressError } from '#shared/domain/payments/payment.ts';
import { InMemoryPaymentRepository } from '#shared/domain/payments/testing/in-memory-payment-repository.ts';
import type { PaymentDeps } from './payment-deps.ts';
import { processPayments } from './process-payments.ts';

const STOCK = 10;

/** One placed order (quantity × unitPrice, stock 10 → 10 − quantity) with the saga's deps around it, all in memory. */
const aSaga = async ({ unitPrice = 1250, quantity = 2 } = {}) => {
  const repository = new InMemoryOrderRepository();
  repository.products.set('P1', { stock: STOCK, status: 'ACTIVE' });
  const orders: OrderDeps = { orders: repository, products: new InMemoryProductReader(), clock: { now: () => new Date() }, newId: ulid };
  const deps: PaymentDeps = { payments: new InMemoryPaymentRepository(), provider: new InMemoryPaymentProvider(), orders };
  const orderId = ulid();
  const lines = [{ productId: 'P1', quantity }];
  await repository.append(
    { order: undefined, token: 0 },
    decidePlaceOrder(undefined, {
      orderId,
      customerId: 'C1',
      lines,
      products: productsOf(aProduct({ price: { amount: unitPrice, currency: 'EUR' } })),
      meta: aMeta(),
    }),
  );
  const provider = deps.provider as InMemoryPaymentProvider;
  const payments = deps.payments as InMemoryPaymentRepository;
  const send = (type: 'OrderPlaced' | 'OrderRiskAssessed' | 'OrderCancelled' | 'OrderShipped') =>
    processPayments(deps, { eventId: ulid(), type, orderId, correlationId: 'corr' });
  const cancelOrder = () =>
    runOrderCommand(orders, { orderId, correlationId: 'corr' }, (order, meta) => cancel(order, { reason: 'customer', meta }));
  const order = async () => (await repository.load(orderId)).order!;
  const types = async () => (await repository.events(orderId)).map((event) => event.type);
  return { deps, orderId, provider, payments, repository, send, cancelOrder, order, types };
};

describe('charging on the risk decision (OrderRiskAssessed)', () => {
  it('never charges on OrderPlaced: no money moves before the risk decision', async () => {
    const saga = await aSaga();

    expect(await saga.send('OrderPlaced')).toBe('nothing_to_do');
    expect(saga.provider.capturesFor(saga.orderId)).toBe(0);
  });

  it('captures once and marks the order paid', async () => {
    const saga = await aSaga();

    expect(await saga.send('OrderRiskAssessed')).toBe('paid');

    expect(await saga.order()).toMatchObject({ status: 'PAID', payment: { status: 'CAPTURED' } });
    expect(saga.provider.capturesFor(saga.orderId)).toBe(1);
    expect([...saga.provider.charges.keys()]).toEqual([`charge:${saga.orderId}`]);
    expect(saga.payments.writes).toEqual(['create:PENDING', 'CAPTURED']);
  });

  it.each([2, 3, 5])('charges once when the decision arrives %i times, even with new event ids', async (times) => {
    const saga = await aSaga();

    for (let delivery = 0; delivery < times; delivery += 1) await saga.send('OrderRiskAssessed');

    expect(saga.provider.capturesFor(saga.orderId)).toBe(1);
    expect(saga.provider.calls).toBe(1);
    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderPaid']);
    // A duplicate after the first finished reads and returns the recorded outcome: no write at all.
    expect(saga.payments.writes).toEqual(['create:PENDING', 'CAPTURED']);
  });

  it('calls the provider once when three deliveries run at the same time; the others are refused and complete on redelivery', async () => {
    const saga = await aSaga();

    const first = await Promise.allSettled([
      saga.send('OrderRiskAssessed'),
      saga.send('OrderRiskAssessed'),
      saga.send('OrderRiskAssessed'),
    ]);

    expect(first.filter((result) => result.status === 'fulfilled').map((result) => result.value)).toEqual(['paid']);
    const refused = first.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    expect(refused).toHaveLength(2);
    for (const error of refused) {
      expect(error).toBeInstanceOf(PaymentInProgressError);
      expect(isInvalidRecord(error)).toBe(false); // retried after its backoff, never dead-lettered
    }
    expect(saga.provider.calls).toBe(1);
    expect(await saga.send('OrderRiskAssessed')).toBe('paid');
    expect(await saga.send('OrderRiskAssessed')).toBe('paid');
    expect(saga.provider.calls).toBe(1);
    expect(saga.provider.capturesFor(saga.orderId)).toBe(1);
    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderPaid']);
  });

  it.each([1, 3])('cancels the order with payment_failed and releases the stock on a decline (%i deliveries)', async (times) => {
    const saga = await aSaga({ unitPrice: 1013, quantity: 1 });

    for (let delivery = 0; delivery < times; delivery += 1) expect(await saga.send('OrderRiskAssessed')).toBe('payment_failed');

    expect(await saga.order()).toMatchObject({ status: 'CANCELLED', cancellationReason: 'payment_failed', payment: { status: 'FAILED' } });
    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderPaymentFailed']);
    expect(saga.repository.stockOf('P1')).toBe(STOCK);
    expect(saga.payments.items.get(saga.orderId)).toMatchObject({ state: 'FAILED', failureReason: 'card_declined' });
  });

  it('fails the record on a transient provider error, keeps the charge PENDING, and resumes it on redelivery', async () => {
    const saga = await aSaga();
    saga.provider.failNext = 2;

    await expect(saga.send('OrderRiskAssessed')).rejects.toThrow(UnavailableError);
    await expect(saga.send('OrderRiskAssessed')).rejects.toThrow(UnavailableError);
    // The failed attempts gave their lease back: the redelivery need not wait for it to expire.
    expect(saga.payments.items.get(saga.orderId)).toMatchObject({ state: 'PENDING' });
    expect(saga.payments.items.get(saga.orderId)?.lease).toBeUndefined();
    expect(await saga.send('OrderRiskAssessed')).toBe('paid');

    expect(saga.provider.capturesFor(saga.orderId)).toBe(1);
    expect(await saga.order()).toMatchObject({ status: 'PAID' });
  });

  it('resumes after a crash between the capture and recording it, without a second capture', async () => {
    const saga = await aSaga();
    await saga.deps.provider.charge({
      orderId: saga.orderId,
      amount: { amount: 2500, currency: 'EUR' },
      idempotencyKey: `charge:${saga.orderId}`,
    });
    await saga.payments.create(saga.orderId, 'PENDING', { amount: 2500, currency: 'EUR' });

    expect(await saga.send('OrderRiskAssessed')).toBe('paid');

    expect(saga.provider.capturesFor(saga.orderId)).toBe(1);
  });

  describe('after the provider key window (a late redrive)', () => {
    const DAY = 86_400;
    /** The worker charged, then died before recording it; the provider forgot the key after its window. */
    const capturedUnrecorded = async (saga: Awaited<ReturnType<typeof aSaga>>) => {
      await saga.payments.create(saga.orderId, 'PENDING', { amount: 2500, currency: 'EUR' });
      await saga.provider.charge({
        orderId: saga.orderId,
        amount: { amount: 2500, currency: 'EUR' },
        idempotencyKey: `charge:${saga.orderId}`,
      });
      saga.provider.forgetKeys();
    };
    const at = (saga: Awaited<ReturnType<typeof aSaga>>, secondsLater: number) => {
      const later = new Date(Date.now() + secondsLater * 1000);
      saga.deps.orders.clock = { now: () => later };
      saga.deps.providerKeyWindowSeconds = DAY;
    };

    it.each([
      ['a day', DAY],
      ['14 days (the DLQ retention)', 14 * DAY],
    ])('looks the charge up %s later and records it: one capture', async (_label, seconds) => {
      const saga = await aSaga();
      await capturedUnrecorded(saga);
      at(saga, seconds);

      expect(await saga.send('OrderRiskAssessed')).toBe('paid');

      expect(saga.provider.capturesFor(saga.orderId)).toBe(1);
      expect(saga.payments.items.get(saga.orderId)).toMatchObject({ state: 'CAPTURED', chargeId: 'ch_fake_1' });
      expect(await saga.order()).toMatchObject({ status: 'PAID', payment: { status: 'CAPTURED' } });
    });

    it('would capture twice without the lookup: inside the window the key alone is trusted', async () => {
      const saga = await aSaga();
      await capturedUnrecorded(saga); // the fake forgot the key early; a real provider would not within its window
      at(saga, 60);

      await saga.send('OrderRiskAssessed');

      expect(saga.provider.capturesFor(saga.orderId)).toBe(2);
    });

    it('charges when the lookup finds nothing (the worker died before the charge)', async () => {
      const saga = await aSaga();
      await saga.payments.create(saga.orderId, 'PENDING', { amount: 2500, currency: 'EUR' });
      at(saga, 2 * DAY);

      expect(await saga.send('OrderRiskAssessed')).toBe('paid');

      expect(saga.provider.capturesFor(saga.orderId)).toBe(1);
      expect(saga.provider.calls).toBe(2); // the lookup, then the charge
    });

    it('records a decline found by the lookup, without charging again', async () => {
      const saga = await aSaga({ unitPrice: 1013, quantity: 1 });
      await saga.payments.create(saga.orderId, 'PENDING', { amount: 1013, currency: 'EUR' });
      await saga.provider.charge({
        orderId: saga.orderId,
        amount: { amount: 1013, currency: 'EUR' },
        idempotencyKey: `charge:${saga.orderId}`,
      });
      saga.provider.forgetKeys();
      at(saga, 2 * DAY);

      expect(await saga.send('OrderRiskAssessed')).toBe('payment_failed');

      expect(saga.provider.calls).toBe(2); // the first charge, the lookup
    });

    it('keeps the charge PENDING and sends nothing when the lookup itself fails', async () => {
      const saga = await aSaga();
      await capturedUnrecorded(saga);
      at(saga, 2 * DAY);
      saga.provider.failNext = 1;

      await expect(saga.send('OrderRiskAssessed')).rejects.toThrow(UnavailableError);

      expect(saga.payments.items.get(saga.orderId)?.state).toBe('PENDING');
      expect(saga.provider.capturesFor(saga.orderId)).toBe(1);
    });
  });

  it('ignores a late decision once the order has shipped', async () => {
    const saga = await aSaga();
    await saga.send('OrderRiskAssessed');

    await runOrderCommand(saga.deps.orders, { orderId: saga.orderId, correlationId: 'c' }, (order, meta) => [
      { ...meta, type: 'OrderShipped', orderId: order.id, version: order.version + 1, data: {} },
    ]);
    await saga.send('OrderRiskAssessed');

    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderPaid', 'OrderShipped']);
    expect(saga.provider.calls).toBe(1);
  });
});

describe('refunding on OrderCancelled', () => {
  it.each([1, 3])('refunds a paid, cancelled order exactly once (%i deliveries) and marks it REFUNDED', async (times) => {
    const saga = await aSaga();
    await saga.send('OrderRiskAssessed');
    await saga.cancelOrder();

    for (let delivery = 0; delivery < times; delivery += 1) expect(await saga.send('OrderCancelled')).toBe('refunded');

    expect(saga.provider.refunds.size).toBe(1);
    expect([...saga.provider.refunds.keys()]).toEqual([`refund:${saga.orderId}`]);
    expect(await saga.order()).toMatchObject({ status: 'CANCELLED', cancellationReason: 'customer', payment: { status: 'REFUNDED' } });
    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderPaid', 'OrderCancelled', 'OrderRefunded']);
    expect(saga.payments.items.get(saga.orderId)?.state).toBe('REFUNDED');
    expect(saga.repository.stockOf('P1')).toBe(STOCK);
  });

  it('retries a refund that met a transient error, and still refunds once', async () => {
    const saga = await aSaga();
    await saga.send('OrderRiskAssessed');
    await saga.cancelOrder();
    saga.provider.failNext = 1;

    await expect(saga.send('OrderCancelled')).rejects.toThrow(UnavailableError);
    expect(await saga.send('OrderCancelled')).toBe('refunded');

    expect(saga.provider.refunds.size).toBe(1);
  });

  it('does nothing for a declined order that is cancelled again', async () => {
    const saga = await aSaga({ unitPrice: 1013, quantity: 1 });
    await saga.send('OrderRiskAssessed');

    expect(await saga.send('OrderCancelled')).toBe('nothing_to_do');
    expect(saga.provider.refunds.size).toBe(0);
  });

  it('lets a cancel win over a charge in flight, then records the late capture and its refund on the order', async () => {
    const saga = await aSaga();
    await saga.payments.create(saga.orderId, 'PENDING', { amount: 2500, currency: 'EUR' });
    await saga.cancelOrder();

    expect(await saga.send('OrderCancelled')).toBe('left_to_charge');
    expect(await saga.send('OrderRiskAssessed')).toBe('charged_after_cancel_refunded');
    expect(await saga.send('OrderCancelled')).toBe('refunded');

    expect(saga.provider.capturesFor(saga.orderId)).toBe(1);
    expect(saga.provider.refunds.size).toBe(1);
    expect(await saga.order()).toMatchObject({ status: 'CANCELLED', payment: { status: 'REFUNDED' } });
    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderCancelled', 'OrderPaymentCaptured', 'OrderRefunded']);
    expect(saga.repository.stockOf('P1')).toBe(STOCK);
  });

  it('records the late capture when the refund path finds it first (the charge worker died before recording it)', async () => {
    const saga = await aSaga();
    await saga.payments.create(saga.orderId, 'PENDING', { amount: 2500, currency: 'EUR' });
    const charged = await saga.provider.charge({
      orderId: saga.orderId,
      amount: { amount: 2500, currency: 'EUR' },
      idempotencyKey: `charge:${saga.orderId}`,
    });
    const chargeId = charged.outcome === 'captured' ? charged.chargeId : 'never';
    await saga.payments.transition(saga.orderId, { from: 'PENDING', to: 'CAPTURED', chargeId });
    await saga.cancelOrder();

    expect(await saga.send('OrderCancelled')).toBe('refunded');
    expect(await saga.send('OrderRiskAssessed')).toBe('nothing_to_do');

    expect(saga.provider.refunds.size).toBe(1);
    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderCancelled', 'OrderPaymentCaptured', 'OrderRefunded']);
    expect(saga.provider.capturesFor(saga.orderId)).toBe(1);
    expect((await saga.repository.events(saga.orderId))[2]!.data).toEqual({ amount: { amount: 2500, currency: 'EUR' }, chargeId });
  });
});

describe('out of order and unrelated events', () => {
  it.each([
    ['OrderCancelled before the risk decision', ['OrderCancelled', 'OrderRiskAssessed'], 'voided'],
    ['the risk decision after the order was cancelled', ['OrderRiskAssessed'], 'voided'],
    ['the decision twice after the cancellation', ['OrderRiskAssessed', 'OrderRiskAssessed', 'OrderCancelled'], 'voided'],
  ] as const)('never charges an order cancelled before its charge started: %s', async (_case, deliveries, last) => {
    const saga = await aSaga();
    await saga.cancelOrder();

    let outcome = '';
    for (const type of deliveries) outcome = await saga.send(type);

    expect(outcome).toBe(last);
    expect(saga.provider.calls).toBe(0);
    expect(saga.payments.items.get(saga.orderId)?.state).toBe('VOIDED');
    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderCancelled']);
  });

  it("ignores order events that are not the saga's business", async () => {
    const saga = await aSaga();

    expect(await saga.send('OrderShipped')).toBe('nothing_to_do');
    expect(saga.provider.calls).toBe(0);
    expect(saga.payments.items.size).toBe(0);
  });
});

/** Lets a test hold a provider call open: `entered` resolves once the call started, `open()` lets it go on. */
const gate = () => {
  let open!: () => void;
  let entered!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const started = new Promise<void>((resolve) => (entered = resolve));
  return {
    started,
    open,
    hold: async <T>(call: () => Promise<T>): Promise<T> => {
      entered();
      await opened;
      return call();
    },
  };
};

describe('the PAYMENT item as the idempotency record (no record per event id)', () => {
  const SECONDS = 1000;
  /** The lease a worker held when it died: expires `inSeconds` from now. */
  const deadLease = (inSeconds = 20) => ({ holder: 'crashed-worker', until: new Date(Date.now() + inSeconds * SECONDS).toISOString() });
  const later = (saga: Awaited<ReturnType<typeof aSaga>>, seconds: number) => {
    const at = new Date(Date.now() + seconds * SECONDS);
    saga.deps.orders.clock = { now: () => at };
  };
  const chargeDirectly = (saga: Awaited<ReturnType<typeof aSaga>>) =>
    saga.provider.charge({ orderId: saga.orderId, amount: { amount: 2500, currency: 'EUR' }, idempotencyKey: `charge:${saga.orderId}` });

  it('refuses a duplicate that arrives while the first delivery is charging, then answers it from the record', async () => {
    const saga = await aSaga();
    const call = gate();
    const charge = saga.provider.charge.bind(saga.provider);
    saga.provider.charge = (request) => call.hold(() => charge(request));

    const first = saga.send('OrderRiskAssessed');
    await call.started;
    await expect(saga.send('OrderRiskAssessed')).rejects.toBeInstanceOf(PaymentInProgressError);
    call.open();

    expect(await first).toBe('paid');
    expect(await saga.send('OrderRiskAssessed')).toBe('paid');
    expect(saga.provider.calls).toBe(1);
    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderPaid']);
    expect(saga.payments.writes).toEqual(['create:PENDING', 'CAPTURED']); // the refusal wrote nothing
  });

  it("after a crash between the claim and the charge: waits for the dead attempt's lease, then charges once", async () => {
    const saga = await aSaga();
    await saga.payments.create(saga.orderId, 'PENDING', { amount: 2500, currency: 'EUR' }, deadLease(20));

    await expect(saga.send('OrderRiskAssessed')).rejects.toBeInstanceOf(PaymentInProgressError);
    expect(saga.provider.calls).toBe(0);
    later(saga, 21);
    expect(await saga.send('OrderRiskAssessed')).toBe('paid');

    expect(saga.provider.calls).toBe(1);
    expect(saga.provider.capturesFor(saga.orderId)).toBe(1);
    expect(saga.payments.writes).toEqual(['create:PENDING', 'lease', 'CAPTURED']);
    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderPaid']);
  });

  it('after a crash between the charge and recording it: takes the expired lease over, the key returns the same charge', async () => {
    const saga = await aSaga();
    await saga.payments.create(saga.orderId, 'PENDING', { amount: 2500, currency: 'EUR' }, deadLease(20));
    const charged = await chargeDirectly(saga);
    later(saga, 21);

    expect(await saga.send('OrderRiskAssessed')).toBe('paid');

    expect(saga.provider.capturesFor(saga.orderId)).toBe(1);
    expect(saga.payments.items.get(saga.orderId)).toMatchObject({
      state: 'CAPTURED',
      chargeId: charged.outcome === 'captured' && charged.chargeId,
    });
    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderPaid']);
  });

  it('after a crash between recording the capture and the order event: appends OrderPaid once, without the provider', async () => {
    const saga = await aSaga();
    await saga.payments.create(saga.orderId, 'PENDING', { amount: 2500, currency: 'EUR' }, deadLease(20));
    const charged = await chargeDirectly(saga);
    await saga.payments.transition(saga.orderId, {
      from: 'PENDING',
      to: 'CAPTURED',
      chargeId: charged.outcome === 'captured' ? charged.chargeId : '',
    });

    expect(await saga.send('OrderRiskAssessed')).toBe('paid');
    expect(await saga.send('OrderRiskAssessed')).toBe('paid');

    expect(saga.provider.calls).toBe(1); // the charge before the crash only
    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderPaid']);
    expect(await saga.order()).toMatchObject({ status: 'PAID', payment: { status: 'CAPTURED' } });
  });

  it('refunds once when two OrderCancelled deliveries run at the same time; the refused one completes on redelivery', async () => {
    const saga = await aSaga();
    await saga.send('OrderRiskAssessed');
    await saga.cancelOrder();
    const call = gate();
    const refund = saga.provider.refund.bind(saga.provider);
    saga.provider.refund = (request) => call.hold(() => refund(request));

    const first = saga.send('OrderCancelled');
    await call.started;
    await expect(saga.send('OrderCancelled')).rejects.toBeInstanceOf(PaymentInProgressError);
    call.open();

    expect(await first).toBe('refunded');
    expect(await saga.send('OrderCancelled')).toBe('refunded');
    expect(saga.provider.refunds.size).toBe(1);
    expect(saga.provider.calls).toBe(2); // the charge, the refund
    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderPaid', 'OrderCancelled', 'OrderRefunded']);
  });

  it('after a crash between the refund and recording it: the redelivery records the same refund, once', async () => {
    const saga = await aSaga();
    await saga.send('OrderRiskAssessed');
    await saga.cancelOrder();
    const { chargeId } = saga.payments.items.get(saga.orderId)!;
    await saga.payments.lease(saga.orderId, { state: 'CAPTURED', lease: deadLease(20), now: new Date().toISOString() });
    const { refundId } = await saga.provider.refund({ chargeId: chargeId!, idempotencyKey: `refund:${saga.orderId}` });

    await expect(saga.send('OrderCancelled')).rejects.toBeInstanceOf(PaymentInProgressError);
    later(saga, 21);
    expect(await saga.send('OrderCancelled')).toBe('refunded');

    expect(saga.provider.refunds.size).toBe(1);
    expect(saga.payments.items.get(saga.orderId)).toMatchObject({ state: 'REFUNDED', refundId });
    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderPaid', 'OrderCancelled', 'OrderRefunded']);
  });

  it('never charges on a late OrderPlaced (or decision) after the cancellation', async () => {
    const saga = await aSaga();
    await saga.cancelOrder();

    expect(await saga.send('OrderPlaced')).toBe('nothing_to_do');
    expect(await saga.send('OrderRiskAssessed')).toBe('voided');
    expect(await saga.send('OrderPlaced')).toBe('nothing_to_do');

    expect(saga.provider.calls).toBe(0);
    expect(await saga.types()).toEqual(['OrderPlaced', 'OrderCancelled']);
  });
});
