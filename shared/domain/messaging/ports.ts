import type { OrderEventMessage, StoredOrderEvent } from '#shared/contracts/order-events.ts';

// Ports of the messaging spines and the outbox relay; their adapters are SQS clients in shared/infrastructure.

/** One message attribute, in the shape Lambda's SQS records carry them. */
export interface MessageAttribute {
  dataType: string;
  stringValue?: string | undefined;
  /** Base64, as in Lambda's SQS records. */
  binaryValue?: string | undefined;
}

export interface DeadLetter {
  body: string;
  attributes: Record<string, MessageAttribute>;
}

/** A worker's dead-letter destination: its DLQ, or its stream's on-failure queue. Built by the composition root. */
export interface DeadLetterQueue {
  send(letter: DeadLetter): Promise<void>;
}

/** Sends one event message to one consumer's queue. */
export type EventSender = (consumer: string, message: OrderEventMessage) => Promise<void>;

/**
 * Hides a received message for a while, so a failed record comes back after its own backoff rather than after the
 * queue's whole visibility timeout. Built by the composition root for the worker's source queue.
 */
export interface MessageVisibility {
  hide(receiptHandle: string, seconds: number): Promise<void>;
}

/**
 * The table as the outbox, read by the reconciler (shared/application/events/reconcile-orders.ts): orders the saga
 * never picked up, and what was committed for them.
 */
export interface StalledOrderFinder {
  /** Ids of PENDING_PAYMENT orders placed before `cutoff` (ISO 8601) that have no PAYMENT item, oldest first, at most `limit`. */
  placedBefore(cutoff: string, limit: number): Promise<string[]>;
  /** The order's committed events, oldest first. */
  events(orderId: string): Promise<StoredOrderEvent[]>;
}
