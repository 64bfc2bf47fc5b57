import type { OrderStatus, PaymentStatus } from '#shared/domain/orders/order.ts';
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

/** What the client does with the next frame of an order, given the highest version it holds. */
export type FrameDecision = 'apply' | 'ignore' | 'resync';

export const decideOnFrame = (heldVersion: number | undefined, frameVersion: number): FrameDecision => {
  const held = heldVersion ?? 0;
  if (frameVersion <= held) return 'ignore';
  return frameVersion === held + 1 ? 'apply' : 'resync';
};
