import type { OrderEventMessage } from '#shared/contracts/order-events.ts';

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
