// The invariants `npm run audit` checks over the whole table (and, offline, the provider emulator's ledger).
// Pure: items in, violations out, so each rule is unit-tested without a table.

export interface Violation {
  check: 'stock' | 'deadline' | 'captured' | 'double-capture' | 'event-sequence';
  id: string;
  detail: string;
}

export interface ProviderCharge {
  chargeId: string;
  status: string;
  orderId: string;
}

export interface AuditInput {
  /** Every item of the table, as the document client returns them. */
  items: readonly Record<string, unknown>[];
  /** The provider's charges, when it can list them (the offline emulator); undefined skips that check. */
  charges?: readonly ProviderCharge[] | undefined;
  now: Date;
  /** ORDER_PAYMENT_DEADLINE_SECONDS, plus the sweep's own lag (graceSeconds). */
  deadlineSeconds: number;
  graceSeconds: number;
}

type Item = Record<string, unknown>;
const TERMINAL_OR_PAID = new Set(['PAID', 'SHIPPED', 'DELIVERED']);

const byEntity = (items: readonly Item[], entity: string) => items.filter((item) => item.entity === entity);

/** stock = initialStock + stockAdded − the lines of every order that is not cancelled (those hold their stock). */
const stock = (items: readonly Item[]): Violation[] => {
  const reserved = new Map<string, number>();
  for (const order of byEntity(items, 'OrderState')) {
    if (order.status === 'CANCELLED') continue;
    for (const line of (order.lines ?? []) as Array<{ productId: string; quantity: number }>)
      reserved.set(line.productId, (reserved.get(line.productId) ?? 0) + Number(line.quantity));
  }
  return byEntity(items, 'Product').flatMap((product): Violation[] => {
    if (typeof product.initialStock !== 'number') return []; // created before the baseline was recorded
    const id = String(product.id);
    const expected = product.initialStock + Number(product.stockAdded ?? 0) - (reserved.get(id) ?? 0);
    return Number(product.stock) === expected
      ? []
      : [{ check: 'stock', id, detail: `stock ${String(product.stock)}, expected ${expected} (initial + restocks − live orders)` }];
  });
};

/** Every order older than the payment deadline (plus the sweep's lag) has left PENDING_PAYMENT. */
const deadline = (items: readonly Item[], now: Date, seconds: number): Violation[] => {
  const cutoff = new Date(now.getTime() - seconds * 1000).toISOString();
  return byEntity(items, 'OrderState')
    .filter((order) => order.status === 'PENDING_PAYMENT' && String(order.placedAt) < cutoff)
    .map((order) => ({ check: 'deadline', id: String(order.id), detail: `PENDING_PAYMENT since ${String(order.placedAt)}` }));
};

/** A CAPTURED payment belongs to a paid, shipped or delivered order; a cancelled one must have been refunded. */
const captured = (items: readonly Item[]): Violation[] => {
  const orders = new Map(byEntity(items, 'OrderState').map((order) => [String(order.id), order]));
  return byEntity(items, 'Payment')
    .filter((payment) => payment.state === 'CAPTURED')
    .flatMap((payment): Violation[] => {
      const order = orders.get(String(payment.orderId));
      if (order && TERMINAL_OR_PAID.has(String(order.status))) return [];
      return [
        { check: 'captured', id: String(payment.orderId), detail: `CAPTURED, order ${String(order?.status ?? 'missing')}, no refund` },
      ];
    });
};

/** The provider holds at most one captured charge per order. */
const doubleCapture = (charges: readonly ProviderCharge[]): Violation[] => {
  const counts = new Map<string, number>();
  for (const charge of charges) if (charge.status === 'captured') counts.set(charge.orderId, (counts.get(charge.orderId) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1).map(([id, count]) => ({ check: 'double-capture', id, detail: `${count} captures` }));
};

/** Each order's events are versions 1..n with no gap, and its snapshot is at version n. */
const eventSequence = (items: readonly Item[]): Violation[] => {
  const versions = new Map<string, number[]>();
  for (const event of byEntity(items, 'OrderEvent')) {
    const id = String(event.orderId);
    versions.set(id, [...(versions.get(id) ?? []), Number(event.version)]);
  }
  const snapshots = new Map(byEntity(items, 'OrderState').map((order) => [String(order.id), Number(order.version)]));
  const violations: Violation[] = [];
  for (const [id, list] of versions) {
    const sorted = [...list].sort((a, b) => a - b);
    const gap = sorted.findIndex((version, index) => version !== index + 1);
    if (gap >= 0) violations.push({ check: 'event-sequence', id, detail: `versions ${sorted.join(',')}: gap or repeat at ${gap + 1}` });
    const snapshot = snapshots.get(id);
    if (snapshot !== undefined && snapshot !== sorted.length)
      violations.push({ check: 'event-sequence', id, detail: `snapshot at v${snapshot}, ${sorted.length} events` });
  }
  return violations;
};

export const auditTable = ({ items, charges, now, deadlineSeconds, graceSeconds }: AuditInput): Violation[] => [
  ...stock(items),
  ...deadline(items, now, deadlineSeconds + graceSeconds),
  ...captured(items),
  ...(charges ? doubleCapture(charges) : []),
  ...eventSequence(items),
];
