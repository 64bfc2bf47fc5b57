import { describe, expect, it } from 'vitest';
import { auditTable, type AuditInput } from './checks.ts';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const order = (id: string, status: string, version: number, overrides: Record<string, unknown> = {}) => ({
  entity: 'OrderState',
  id,
  status,
  version,
  placedAt: '2026-12-01T11:59:00.000Z',
  lines: [{ productId: 'P1', quantity: 2 }],
  ...overrides,
});
const events = (orderId: string, ...versions: number[]) => versions.map((version) => ({ entity: 'OrderEvent', orderId, version }));
const product = (stock: number, overrides: Record<string, unknown> = {}) => ({
  entity: 'Product',
  id: 'P1',
  stock,
  initialStock: 10,
  ...overrides,
});
const payment = (orderId: string, state: string) => ({ entity: 'Payment', orderId, state });

const audit = (items: AuditInput['items'], charges?: AuditInput['charges']) =>
  auditTable({ items, charges, now: NOW, deadlineSeconds: 1_800, graceSeconds: 60 });

describe('the invariant audit', () => {
  it('finds nothing wrong in a consistent table', () => {
    const items = [
      product(9, { stockAdded: 3 }),
      order('O1', 'PAID', 3),
      ...events('O1', 1, 2, 3),
      payment('O1', 'CAPTURED'),
      order('O2', 'CANCELLED', 4),
      ...events('O2', 1, 2, 3, 4),
      payment('O2', 'REFUNDED'),
      order('O3', 'PENDING_PAYMENT', 1),
      ...events('O3', 1),
    ];

    expect(audit(items, [{ chargeId: 'c1', status: 'captured', orderId: 'O1' }])).toEqual([]);
  });

  it.each([
    ['stock that does not add up', [product(7), order('O1', 'PAID', 1), ...events('O1', 1)], 'stock', 'P1'],
    [
      'an order pending past the deadline',
      [order('O1', 'PENDING_PAYMENT', 1, { placedAt: '2026-12-01T11:00:00.000Z', lines: [] }), ...events('O1', 1)],
      'deadline',
      'O1',
    ],
    [
      'a capture on a cancelled order with no refund',
      [order('O1', 'CANCELLED', 2, { lines: [] }), ...events('O1', 1, 2), payment('O1', 'CAPTURED')],
      'captured',
      'O1',
    ],
    ['a gap in the events', [order('O1', 'PAID', 3, { lines: [] }), ...events('O1', 1, 3)], 'event-sequence', 'O1'],
    ['a snapshot behind its events', [order('O1', 'PAID', 1, { lines: [] }), ...events('O1', 1, 2)], 'event-sequence', 'O1'],
  ])('reports %s, with its id', (_label, items, check, id) => {
    expect(new Set(audit(items).map((violation) => `${violation.check} ${violation.id}`))).toEqual(new Set([`${check} ${id}`]));
  });

  it('reports two captures of one order at the provider', () => {
    const charges = [
      { chargeId: 'c1', status: 'captured', orderId: 'O1' },
      { chargeId: 'c2', status: 'captured', orderId: 'O1' },
      { chargeId: 'c3', status: 'declined', orderId: 'O2' },
    ];

    expect(audit([], charges)).toEqual([{ check: 'double-capture', id: 'O1', detail: '2 captures' }]);
  });

  it('skips the stock check for a product created before the baseline was recorded', () => {
    expect(audit([product(3, { initialStock: undefined })])).toEqual([]);
  });
});
