import * as z from '#shared/zod.ts';

/**
 * The order-event contract: the one place that says what an order event looks like where it leaves the orders
 * context. Two shapes, one envelope:
 * - the stored item (`ORDER#<id>` / `EVENT#<version>` in the table, and the stream's NewImage once unmarshalled);
 * - the SQS message the publisher (functions/events/publish-events) sends to each consumer queue.
 * The domain keeps its own typed union (shared/domain/orders/order.ts); order-events.test.ts fails if the names drift.
 * Consumers may rely on the message body fields and the four message attributes below, nothing else.
 */

/** Wire names of the order events, in the order they were introduced. */
export const ORDER_EVENT_TYPE_NAMES = [
  'OrderPlaced',
  'OrderPaid',
  'OrderPaymentFailed',
  'OrderCancelled',
  'OrderShipped',
  'OrderDelivered',
  'OrderRefunded',
  'OrderRiskAssessed',
  'OrderRiskApproved',
  'OrderPaymentCaptured',
] as const;
export type OrderEventTypeName = (typeof ORDER_EVENT_TYPE_NAMES)[number];

/** Version of the message envelope. Bump it on a breaking change, and keep consumers reading the old one until drained. */
export const ORDER_EVENT_SCHEMA_VERSION = 1;

const id = z.string().check(z.minLength(1), z.maxLength(64));

/** The fields every order event carries, stored or sent. `data` is the event's payload, typed by the domain. */
const envelope = z.object({
  eventId: id,
  type: z.enum(ORDER_EVENT_TYPE_NAMES),
  orderId: id,
  version: z.int().check(z.positive()),
  occurredAt: z.string().check(z.minLength(1)),
  correlationId: z.string().check(z.minLength(1)),
  data: z.record(z.string(), z.unknown()),
});

/** The event item as the table stores it (keys and other attributes are stripped when parsing). */
export const storedOrderEventSchema = z.extend(envelope, { entity: z.literal('OrderEvent') });
export type StoredOrderEvent = z.infer<typeof storedOrderEventSchema>;

/** The body of the SQS message each consumer receives. Messages sent before the version existed count as version 1. */
export const orderEventMessageSchema = z.extend(envelope, {
  schemaVersion: z._default(z.literal(ORDER_EVENT_SCHEMA_VERSION), ORDER_EVENT_SCHEMA_VERSION),
});
export type OrderEventMessage = z.infer<typeof orderEventMessageSchema>;

/** The message a stored event becomes: the envelope, versioned, without storage details. */
export const toOrderEventMessage = ({ entity: _entity, ...event }: StoredOrderEvent): OrderEventMessage => ({
  schemaVersion: ORDER_EVENT_SCHEMA_VERSION,
  ...event,
});

/** SQS message attributes sent with every order event, so consumers and tools can route and trace without parsing. */
export const orderEventMessageAttributes = (message: OrderEventMessage) => ({
  eventId: { DataType: 'String', StringValue: message.eventId },
  eventType: { DataType: 'String', StringValue: message.type },
  version: { DataType: 'Number', StringValue: String(message.version) },
  correlationId: { DataType: 'String', StringValue: message.correlationId },
});
