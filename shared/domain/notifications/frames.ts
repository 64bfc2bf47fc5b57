import { hasPermission } from '#shared/domain/identity/roles.ts';
import type { OrderStatus, PaymentStatus } from '#shared/domain/orders/order.ts';
import { RISK_EVENT_TYPES } from '#shared/domain/orders/risk.ts';
import type { Channel } from './channels.ts';

/**
 * Pushed for every event of an order. `version` is the order's version after the event: a client keeps the highest
 * version it has seen per order, drops frames at or below it (and any `eventId` it has seen: delivery is at least
 * once), and on a gap (a version more than one above it) reads `GET /orders/{id}` to catch up instead of guessing.
 */
export interface OrderUpdatedFrame {
  type: 'order.updated';
  eventId: string;
  orderId: string;
  /** The event's type; `OrderUpdated` for a risk event sent to someone who may not see risk (see `frameFor`). */
  event: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  version: number;
  occurredAt: string;
}

export const ERROR_CODES = ['bad_request', 'unauthorized', 'forbidden', 'not_found', 'rate_limited', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ServerFrame =
  | OrderUpdatedFrame
  | { type: 'error'; code: ErrorCode; message?: string }
  | { type: 'pong' }
  | { type: 'subscribed'; channel: Channel }
  | { type: 'unsubscribed'; channel: Channel };

/** The facts of one order event that a frame needs. */
export interface OrderEventFacts {
  eventId: string;
  type: string;
  orderId: string;
  version: number;
  occurredAt: string;
}

/** The order as it stood right after that event. */
export interface OrderStateAt {
  customerId: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  version: number;
}

/** What a recipient who may not see risk (a customer) gets as the name of a risk event. */
export const UNDISCLOSED_EVENT = 'OrderUpdated';

/** Support and admin see risk events for what they are, as over HTTP (`orders:read:any`). */
export const maySeeRiskEvents = (roles: readonly string[]): boolean => hasPermission(roles, 'orders:read:any');

export const orderUpdatedFrame = (event: OrderEventFacts, state: OrderStateAt): OrderUpdatedFrame => ({
  type: 'order.updated',
  eventId: event.eventId,
  orderId: event.orderId,
  event: event.type,
  status: state.status,
  paymentStatus: state.paymentStatus,
  version: event.version,
  occurredAt: event.occurredAt,
});

/**
 * The frame as this recipient may see it. A risk event still reaches a customer, so that versions stay contiguous
 * and their client never re-reads the order for a gap, but under the neutral name `OrderUpdated`: its status and
 * version are what `GET /orders/{id}` shows them, and nothing says that a risk step exists.
 */
export const frameFor = (frame: OrderUpdatedFrame, roles: readonly string[]): OrderUpdatedFrame =>
  RISK_EVENT_TYPES.has(frame.event) && !maySeeRiskEvents(roles) ? { ...frame, event: UNDISCLOSED_EVENT } : frame;

/** What the client does with the next frame of an order, given the highest version it holds. */
export type FrameDecision = 'apply' | 'ignore' | 'resync';

export const decideOnFrame = (heldVersion: number | undefined, frameVersion: number): FrameDecision => {
  const held = heldVersion ?? 0;
  if (frameVersion <= held) return 'ignore';
  return frameVersion === held + 1 ? 'apply' : 'resync';
};
