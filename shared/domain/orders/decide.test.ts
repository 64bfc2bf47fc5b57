import { describe, expect, it } from 'vitest';
import { ConflictError, UnprocessableError, ValidationError } from '#shared/domain/errors.ts';
import { cancel, deliver, markPaid, markPaymentFailed, markRefunded, decidePlaceOrder, ship } from './decide.ts';
import { evolve, replay, type Order, type OrderEvent } from './order.ts';
import { stockMovesOf } from './stock.ts';
import { aMeta, anOrder, aProduct, placedEvents, productsOf } from './testing/order-mother.ts';

type Decide = (state: Order | undefined) => OrderEvent[];
const commands: Record<string, Decide> = {
  pay: (state) => markPaid(state, { meta: aMeta() }),
  failPayment: (state) => markPaymentFailed(state, { reason: 'card declined', meta: aMeta() }),
  cancelByCustomer: (state) => cancel(state, { reason: 'customer', meta: aMeta() }),
  cancelByAdmin: (state) => cancel(state, { reason: 'admin', meta: aMeta() }),
  ship: (state) => ship(state, { meta: aMeta() }),
  deliver: (state) => deliver(state, { meta: aMeta() }),
  refund: (state) => markRefunded(state, { meta: aMeta() }),
};

/** Runs commands from a freshly placed order, folding each one's events. */
const after = (...names: string[]): Order => names.reduce((order, name) => commands[name]!(order).reduce(evolve, order), anOrder());

const states: Record<string, () => Order> = {
  PENDING_PAYMENT: () => after(),
  PAID: () => after('pay'),
  SHIPPED: () => after('pay', 'ship'),
  DELIVERED: () => after('pay', 'ship', 'deliver'),
  'CANCELLED unpaid': () => after('cancelByCustomer'),
  'CANCELLED paid': () => after('pay', 'cancelByAdmin'),
  'CANCELLED payment failed': () => after('failPayment'),
  'CANCELLED refunded': () => after('pay', 'cancelByCustomer', 'refund'),
};

// [state, command, expected: resulting status and payment status | 'conflict' | 'no-op']
const table: Array<[string, string, string]> = [
  ['PENDING_PAYMENT', 'pay', 'PAID/CAPTURED'],
  ['PENDING_PAYMENT', 'failPayment', 'CANCELLED/FAILED'],
  ['PENDING_PAYMENT', 'cancelByCustomer', 'CANCELLED/PENDING'],
  ['PENDING_PAYMENT', 'cancelByAdmin', 'CANCELLED/PENDING'],
  ['PENDING_PAYMENT', 'ship', 'conflict'],
  ['PENDING_PAYMENT', 'deliver', 'conflict'],
  ['PENDING_PAYMENT', 'refund', 'conflict'],
  ['PAID', 'pay', 'no-op'],
  ['PAID', 'failPayment', 'conflict'],
  ['PAID', 'cancelByCustomer', 'CANCELLED/CAPTURED'],
  ['PAID', 'cancelByAdmin', 'CANCELLED/CAPTURED'],
  ['PAID', 'ship', 'SHIPPED/CAPTURED'],
  ['PAID', 'deliver', 'conflict'],
  ['PAID', 'refund', 'conflict'],
  ['SHIPPED', 'pay', 'conflict'],
  ['SHIPPED', 'failPayment', 'conflict'],
  ['SHIPPED', 'cancelByCustomer', 'conflict'],
  ['SHIPPED', 'cancelByAdmin', 'conflict'],
  ['SHIPPED', 'ship', 'conflict'],
  ['SHIPPED', 'deliver', 'DELIVERED/CAPTURED'],
  ['SHIPPED', 'refund', 'conflict'],
  ['DELIVERED', 'pay', 'conflict'],
  ['DELIVERED', 'failPayment', 'conflict'],
  ['DELIVERED', 'cancelByCustomer', 'conflict'],
  ['DELIVERED', 'ship', 'conflict'],
  ['DELIVERED', 'deliver', 'conflict'],
  ['DELIVERED', 'refund', 'conflict'],
  ['CANCELLED unpaid', 'pay', 'conflict'],
  ['CANCELLED unpaid', 'cancelByCustomer', 'conflict'],
  ['CANCELLED unpaid', 'ship', 'conflict'],
  ['CANCELLED unpaid', 'deliver', 'conflict'],
  ['CANCELLED unpaid', 'refund', 'conflict'],
  ['CANCELLED paid', 'refund', 'CANCELLED/REFUNDED'],
  ['CANCELLED paid', 'cancelByAdmin', 'conflict'],
  ['CANCELLED paid', 'ship', 'conflict'],
  ['CANCELLED payment failed', 'failPayment', 'no-op'],
  ['CANCELLED payment failed', 'pay', 'conflict'],
  ['CANCELLED payment failed', 'refund', 'conflict'],
  ['CANCELLED refunded', 'refund', 'no-op'],
  ['CANCELLED refunded', 'cancelByCustomer', 'conflict'],
];

describe('order transitions', () => {
  it.each(table)('from %s, %s gives %s', (stateName, command, expected) => {
    const state = states[stateName]!();
    const decide = () => commands[command]!(state);

    if (expected === 'conflict') {
      expect(decide).toThrow(ConflictError);
      return;
    }
    const events = decide();
    if (expected === 'no-op') {
      expect(events).toEqual([]);
      return;
    }
    const next = replay(events, state)!;
    expect(`${next.status}/${next.payment.status}`).toBe(expected);
    expect(next.version).toBe(state.version + 1);
    expect(events[0]).toMatchObject({ orderId: state.id, version: state.version + 1, correlationId: 'corr-test' });
  });

  it.each(Object.keys(commands))('rejects %s on an order that was never placed', (command) => {
    expect(() => commands[command]!(undefined)).toThrow(ConflictError);
  });

  it('records who cancelled, and that a paid order is due a refund', () => {
    expect(after('cancelByCustomer').cancellationReason).toBe('customer');
    expect(after('pay', 'cancelByAdmin').cancellationReason).toBe('admin');
    expect(after('failPayment').cancellationReason).toBe('payment_failed');
    expect(cancel(after('pay'), { reason: 'customer', meta: aMeta() })[0]!.data).toEqual({ reason: 'customer', refundDue: true });
    expect(cancel(after(), { reason: 'customer', meta: aMeta() })[0]!.data).toEqual({ reason: 'customer', refundDue: false });
  });
});

describe('placing an order', () => {
  const place = (
    lines: Array<{ productId: string; quantity: number }>,
    products = productsOf(aProduct(), aProduct({ id: 'P2', name: 'Tea', price: { amount: 399, currency: 'EUR' } })),
  ) => decidePlaceOrder(undefined, { orderId: 'O9', customerId: 'C9', lines, products, meta: aMeta() });

  it('prices every line from the catalog and totals in minor units', () => {
    const [placed] = place([
      { productId: 'P1', quantity: 3 },
      { productId: 'P2', quantity: 7 },
    ]);
    const order = replay([placed!])!;

    expect(order.lines).toEqual([
      {
        productId: 'P1',
        name: 'Mug',
        quantity: 3,
        unitPrice: { amount: 1250, currency: 'EUR' },
        lineTotal: { amount: 3750, currency: 'EUR' },
      },
      {
        productId: 'P2',
        name: 'Tea',
        quantity: 7,
        unitPrice: { amount: 399, currency: 'EUR' },
        lineTotal: { amount: 2793, currency: 'EUR' },
      },
    ]);
    expect(order).toMatchObject({
      total: { amount: 6543, currency: 'EUR' },
      status: 'PENDING_PAYMENT',
      payment: { status: 'PENDING' },
      version: 1,
    });
    expect(order.placedAt).toBe(order.updatedAt);
  });

  it.each([
    ['no lines', []],
    ['51 lines', Array.from({ length: 51 }, (_, index) => ({ productId: `P${index}`, quantity: 1 }))],
    ['quantity 0', [{ productId: 'P1', quantity: 0 }]],
    ['quantity 101', [{ productId: 'P1', quantity: 101 }]],
    ['a fractional quantity', [{ productId: 'P1', quantity: 1.5 }]],
    [
      'the same product twice',
      [
        { productId: 'P1', quantity: 1 },
        { productId: 'P1', quantity: 2 },
      ],
    ],
  ])('rejects %s as invalid', (_name, lines) => {
    expect(() => place(lines)).toThrow(ValidationError);
  });

  it.each([
    ['an unknown product', productsOf(aProduct())],
    ['an archived product', productsOf(aProduct(), aProduct({ id: 'P2', status: 'ARCHIVED' }))],
    ['mixed currencies', productsOf(aProduct(), aProduct({ id: 'P2', price: { amount: 100, currency: 'USD' } }))],
  ])('rejects %s as unprocessable', (_name, products) => {
    expect(() =>
      place(
        [
          { productId: 'P1', quantity: 1 },
          { productId: 'P2', quantity: 1 },
        ],
        products,
      ),
    ).toThrow(UnprocessableError);
  });

  it('accepts 50 lines of 100', () => {
    const products = productsOf(
      ...Array.from({ length: 50 }, (_, index) => aProduct({ id: `P${index}`, price: { amount: 1, currency: 'GBP' } })),
    );
    const [placed] = place(
      Array.from({ length: 50 }, (_, index) => ({ productId: `P${index}`, quantity: 100 })),
      products,
    );

    expect(replay([placed!])!.total).toEqual({ amount: 5000, currency: 'GBP' });
  });

  it('cannot place the same order twice', () => {
    expect(() =>
      decidePlaceOrder(anOrder(), {
        orderId: 'O1',
        customerId: 'C1',
        lines: [{ productId: 'P1', quantity: 1 }],
        products: productsOf(aProduct()),
        meta: aMeta(),
      }),
    ).toThrow(ConflictError);
  });
});

describe('event streams and stock', () => {
  it('refuses a stream with a gap or a duplicate', () => {
    const placed = placedEvents();
    const paid = markPaid(anOrder(placed), { meta: aMeta() });

    expect(() => replay([...placed, ...paid, ...paid])).toThrow(/expected version 3/);
    expect(() => replay([...paid])).toThrow(/expected version 1/);
  });

  it('reserves on placing and releases on any cancellation', () => {
    const placed = placedEvents();
    const order = anOrder(placed);

    expect(stockMovesOf(undefined, placed)).toEqual([{ productId: 'P1', delta: -2 }]);
    expect(stockMovesOf(order, cancel(order, { reason: 'customer', meta: aMeta() }))).toEqual([{ productId: 'P1', delta: 2 }]);
    expect(stockMovesOf(order, markPaymentFailed(order, { reason: 'declined', meta: aMeta() }))).toEqual([{ productId: 'P1', delta: 2 }]);
    expect(stockMovesOf(order, markPaid(order, { meta: aMeta() }))).toEqual([]);
  });
});
