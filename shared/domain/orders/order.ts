import { ORDER_EVENT_TYPE_NAMES } from '#shared/contracts/order-events.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import type { Money } from '#shared/domain/money.ts';

export const ORDER_STATUSES = ['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const PAYMENT_STATUSES = ['PENDING', 'CAPTURED', 'FAILED', 'REFUNDED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const CANCELLATION_REASONS = ['customer', 'admin', 'payment_failed', 'risk_rejected', 'payment_timeout'] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

export interface OrderLine {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export const RISK_DECISIONS = ['approve', 'review', 'reject'] as const;
export type OrderRiskDecision = (typeof RISK_DECISIONS)[number];

/**
 * The risk step's decision on the order (support and admin see it; customers never do). `score` and `modelVersion`
 * are null when no model could be used (then the decision is review with reason `model_unavailable`). `shadow` is a
 * challenger's opinion, recorded and never acted on. `approvedAt` is set when an admin clears a review.
 */
export interface OrderRisk {
  decision: OrderRiskDecision;
  score: number | null;
  modelVersion: number | null;
  variant: 'champion' | 'challenger';
  reasons: string[];
  scoredAt: string;
  shadow?: { modelVersion: number; score: number; decision: OrderRiskDecision };
  approvedAt?: string;
}

/** The Order aggregate's state: what folding its events gives, and what the STATE snapshot stores. */
export interface Order {
  id: string;
  customerId: string;
  status: OrderStatus;
  lines: OrderLine[];
  total: Money;
  payment: { status: PaymentStatus };
  cancellationReason?: CancellationReason;
  risk?: OrderRisk;
  version: number;
  placedAt: string;
  updatedAt: string;
}

interface EventBase<T extends string, D> {
  eventId: string;
  type: T;
  orderId: string;
  version: number;
  occurredAt: string;
  correlationId: string;
  data: D;
}

export type OrderPlaced = EventBase<'OrderPlaced', { customerId: string; lines: OrderLine[]; total: Money }>;
export type OrderPaid = EventBase<'OrderPaid', { amount: Money }>;
export type OrderPaymentFailed = EventBase<'OrderPaymentFailed', { reason: string }>;
export type OrderCancelled = EventBase<'OrderCancelled', { reason: Exclude<CancellationReason, 'payment_failed'>; refundDue: boolean }>;
export type OrderShipped = EventBase<'OrderShipped', Record<string, never>>;
export type OrderDelivered = EventBase<'OrderDelivered', Record<string, never>>;
export type OrderRefunded = EventBase<'OrderRefunded', { amount: Money }>;
export type OrderRiskAssessed = EventBase<'OrderRiskAssessed', Omit<OrderRisk, 'approvedAt'>>;
export type OrderRiskApproved = EventBase<'OrderRiskApproved', { approvedBy: string }>;
/** A charge captured after the order was cancelled (a cancel or the payment deadline won the race): refunded next. */
export type OrderPaymentCaptured = EventBase<'OrderPaymentCaptured', { amount: Money; chargeId: string }>;

/** Immutable facts, in the past tense. */
export type OrderEvent =
  | OrderPlaced
  | OrderPaid
  | OrderPaymentFailed
  | OrderCancelled
  | OrderShipped
  | OrderDelivered
  | OrderRefunded
  | OrderRiskAssessed
  | OrderRiskApproved
  | OrderPaymentCaptured;
export type OrderEventType = OrderEvent['type'];
/** The wire names are the contract's (shared/contracts/order-events.ts); the type check keeps both unions equal. */
export const ORDER_EVENT_TYPES: readonly OrderEventType[] = ORDER_EVENT_TYPE_NAMES;

/** Thrown when a stream is not a gap-free sequence starting at OrderPlaced: stored data is broken, not a user error. */
export class CorruptEventStreamError extends Error {
  override readonly name = 'CorruptEventStreamError';
}

const next = (state: Order, event: OrderEvent, changes: Partial<Order>): Order => ({
  ...state,
  ...changes,
  version: event.version,
  updatedAt: event.occurredAt,
});

const canonicalRisk = (risk: OrderRisk): OrderRisk => ({
  decision: risk.decision,
  score: risk.score,
  modelVersion: risk.modelVersion,
  variant: risk.variant,
  reasons: [...risk.reasons],
  scoredAt: risk.scoredAt,
  ...(risk.shadow ? { shadow: { modelVersion: risk.shadow.modelVersion, score: risk.shadow.score, decision: risk.shadow.decision } } : {}),
  ...(risk.approvedAt ? { approvedAt: risk.approvedAt } : {}),
});

/** The order with its fields in one fixed order and no undefined values: the snapshot, the read model and the API body. */
export const canonicalOrder = (order: Order): Order => ({
  id: order.id,
  customerId: order.customerId,
  status: order.status,
  lines: order.lines.map(({ productId, name, quantity, unitPrice, lineTotal }) => ({
    productId,
    name,
    quantity,
    unitPrice: { amount: unitPrice.amount, currency: unitPrice.currency },
    lineTotal: { amount: lineTotal.amount, currency: lineTotal.currency },
  })),
  total: { amount: order.total.amount, currency: order.total.currency },
  payment: { status: order.payment.status },
  ...(order.cancellationReason ? { cancellationReason: order.cancellationReason } : {}),
  ...(order.risk ? { risk: canonicalRisk(order.risk) } : {}),
  version: order.version,
  placedAt: order.placedAt,
  updatedAt: order.updatedAt,
});

/** Applies one event to the state. Pure; trusts the decider, checks only that the stream has no gap. */
export const evolve = (state: Order | undefined, event: OrderEvent): Order => {
  const expected = (state?.version ?? 0) + 1;
  if (event.version !== expected)
    throw new CorruptEventStreamError(`Order ${event.orderId}: expected version ${expected}, got ${event.version}`);
  if (event.type === 'OrderPlaced') {
    if (state) throw new CorruptEventStreamError(`Order ${event.orderId}: placed twice`);
    const { customerId, lines, total } = event.data;
    return {
      id: event.orderId,
      customerId,
      status: 'PENDING_PAYMENT',
      lines,
      total,
      payment: { status: 'PENDING' },
      version: event.version,
      placedAt: event.occurredAt,
      updatedAt: event.occurredAt,
    };
  }
  if (!state) throw new CorruptEventStreamError(`Order ${event.orderId}: ${event.type} before OrderPlaced`);
  switch (event.type) {
    case 'OrderPaid':
      return next(state, event, { status: 'PAID', payment: { status: 'CAPTURED' } });
    case 'OrderPaymentFailed':
      return next(state, event, { status: 'CANCELLED', payment: { status: 'FAILED' }, cancellationReason: 'payment_failed' });
    case 'OrderCancelled':
      return next(state, event, { status: 'CANCELLED', cancellationReason: event.data.reason });
    case 'OrderShipped':
      return next(state, event, { status: 'SHIPPED' });
    case 'OrderDelivered':
      return next(state, event, { status: 'DELIVERED' });
    case 'OrderRefunded':
      return next(state, event, { payment: { status: 'REFUNDED' } });
    case 'OrderRiskAssessed':
      return next(state, event, { risk: canonicalRisk(event.data) });
    case 'OrderPaymentCaptured':
      return next(state, event, { payment: { status: 'CAPTURED' } });
    case 'OrderRiskApproved':
      return next(state, event, state.risk ? { risk: { ...state.risk, approvedAt: event.occurredAt } } : {});
  }
};

/** Folds a whole stream, oldest first; undefined for an empty one. */
export const replay = (events: readonly OrderEvent[], from?: Order): Order | undefined => events.reduce<Order | undefined>(evolve, from);

export const illegalTransition = (order: Order, action: string): ConflictError =>
  new ConflictError(`Cannot ${action} an order that is ${order.status}.`);
