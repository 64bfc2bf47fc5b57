import { ConflictError, UnprocessableError, ValidationError, type FieldIssue } from '#shared/domain/errors.ts';
import type { Money } from '#shared/domain/money.ts';
import { illegalTransition, type CancellationReason, type Order, type OrderEvent, type OrderLine, type OrderStatus } from './order.ts';
import { underRiskReview } from './risk.ts';

export const MAX_LINES = 50;
export const MAX_QUANTITY = 100;

/** Who and when: the parts of an event that the caller, not the rule, supplies. */
export interface CommandMeta {
  eventId: string;
  occurredAt: string;
  correlationId: string;
}

/** A product as the catalog has it at the moment of placing; the price comes from here, never from the client. */
export interface ProductSnapshot {
  id: string;
  name: string;
  price: Money;
  status: 'ACTIVE' | 'ARCHIVED';
}

export interface PlaceOrderCommand {
  orderId: string;
  customerId: string;
  lines: Array<{ productId: string; quantity: number }>;
  products: ReadonlyMap<string, ProductSnapshot>;
  meta: CommandMeta;
}

const event = <E extends OrderEvent>(order: Pick<Order, 'id' | 'version'>, type: E['type'], data: E['data'], meta: CommandMeta): E =>
  ({ ...meta, type, orderId: order.id, version: order.version + 1, data }) as E;

const lineIssues = (lines: PlaceOrderCommand['lines']): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  if (lines.length < 1 || lines.length > MAX_LINES) issues.push({ path: 'lines', message: `must hold 1 to ${MAX_LINES} lines` });
  const seen = new Set<string>();
  lines.forEach(({ productId, quantity }, index) => {
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
      issues.push({ path: `lines.${index}.quantity`, message: `must be an integer from 1 to ${MAX_QUANTITY}` });
    }
    if (seen.has(productId)) issues.push({ path: `lines.${index}.productId`, message: 'appears in more than one line' });
    seen.add(productId);
  });
  return issues;
};

const priceLine = ({ productId, quantity }: PlaceOrderCommand['lines'][number], products: PlaceOrderCommand['products']): OrderLine => {
  const product = products.get(productId);
  if (!product || product.status !== 'ACTIVE') throw new UnprocessableError(`Product ${productId} does not exist or is no longer sold.`);
  const amount = product.price.amount * quantity;
  return {
    productId,
    name: product.name,
    quantity,
    unitPrice: { ...product.price },
    lineTotal: { amount, currency: product.price.currency },
  };
};

/** Prices the lines from the catalog snapshot and places the order: one currency, 1–50 distinct lines, 1–100 each. */
export const decidePlaceOrder = (state: Order | undefined, command: PlaceOrderCommand): OrderEvent[] => {
  if (state) throw new ConflictError(`Order ${command.orderId} already exists.`);
  const issues = lineIssues(command.lines);
  if (issues.length > 0) throw new ValidationError('The order lines are invalid.', { issues });
  const lines = command.lines.map((line) => priceLine(line, command.products));
  const currencies = new Set(lines.map((line) => line.unitPrice.currency));
  if (currencies.size > 1)
    throw new UnprocessableError(`An order is paid in one currency; these products are priced in ${[...currencies].sort().join(', ')}.`);
  const total: Money = { amount: lines.reduce((sum, line) => sum + line.lineTotal.amount, 0), currency: lines[0]!.unitPrice.currency };
  if (!Number.isSafeInteger(total.amount)) throw new UnprocessableError('The order total is too large.');
  const draft = { id: command.orderId, version: 0 };
  return [event(draft, 'OrderPlaced', { customerId: command.customerId, lines, total }, command.meta)];
};

const requireStatus = (order: Order, allowed: readonly OrderStatus[], action: string): void => {
  if (!allowed.includes(order.status)) throw illegalTransition(order, action);
};

const existing = (state: Order | undefined): Order => {
  if (!state) throw new ConflictError('The order has not been placed.');
  return state;
};

// Payment outcomes arrive at least once from a queue: repeating the outcome already recorded is a no-op.

export const markPaid = (state: Order | undefined, { meta }: { meta: CommandMeta }): OrderEvent[] => {
  const order = existing(state);
  if (order.status === 'PAID' && order.payment.status === 'CAPTURED') return [];
  requireStatus(order, ['PENDING_PAYMENT'], 'mark as paid');
  return [event(order, 'OrderPaid', { amount: order.total }, meta)];
};

/** The saga's compensation: a failed payment cancels the order (the repository releases the stock). */
export const markPaymentFailed = (state: Order | undefined, { reason, meta }: { reason: string; meta: CommandMeta }): OrderEvent[] => {
  const order = existing(state);
  if (order.payment.status === 'FAILED') return [];
  requireStatus(order, ['PENDING_PAYMENT'], 'fail the payment of');
  return [event(order, 'OrderPaymentFailed', { reason }, meta)];
};

/**
 * Records a charge that was captured after the order was cancelled (the cancel, or the payment deadline, won the
 * race with the charge in flight). The order stays CANCELLED; its payment shows CAPTURED until the refund is recorded.
 */
export const markCapturedAfterCancel = (
  state: Order | undefined,
  { chargeId, meta }: { chargeId: string; meta: CommandMeta },
): OrderEvent[] => {
  const order = existing(state);
  if (order.payment.status === 'CAPTURED' || order.payment.status === 'REFUNDED') return [];
  if (order.status !== 'CANCELLED' || order.payment.status !== 'PENDING')
    throw new ConflictError('Only a cancelled order still awaiting its charge can record a late capture.');
  return [event(order, 'OrderPaymentCaptured', { amount: order.total, chargeId }, meta)];
};

export const markRefunded = (state: Order | undefined, { meta }: { meta: CommandMeta }): OrderEvent[] => {
  const order = existing(state);
  if (order.payment.status === 'REFUNDED') return [];
  if (order.status !== 'CANCELLED' || order.payment.status !== 'CAPTURED')
    throw new ConflictError('Only a cancelled, paid order can be refunded.');
  return [event(order, 'OrderRefunded', { amount: order.total }, meta)];
};

/** Allowed before shipping; a paid order becomes due for a refund. */
export const cancel = (
  state: Order | undefined,
  { reason, meta }: { reason: Exclude<CancellationReason, 'payment_failed'>; meta: CommandMeta },
): OrderEvent[] => {
  const order = existing(state);
  requireStatus(order, ['PENDING_PAYMENT', 'PAID'], 'cancel');
  return [event(order, 'OrderCancelled', { reason, refundDue: order.payment.status === 'CAPTURED' }, meta)];
};

export const ship = (state: Order | undefined, { meta }: { meta: CommandMeta }): OrderEvent[] => {
  const order = existing(state);
  requireStatus(order, ['PAID'], 'ship');
  if (underRiskReview(order)) {
    throw new ConflictError(
      'Cannot ship an order under risk review: an admin must approve it first (POST /admin/orders/{id}/risk/approve).',
    );
  }
  return [event(order, 'OrderShipped', {}, meta)];
};

export const deliver = (state: Order | undefined, { meta }: { meta: CommandMeta }): OrderEvent[] => {
  const order = existing(state);
  requireStatus(order, ['SHIPPED'], 'deliver');
  return [event(order, 'OrderDelivered', {}, meta)];
};
