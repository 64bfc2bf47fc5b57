import { orderEventMessageSchema, type OrderEventMessage } from '#shared/contracts/order-events.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import type { PlacedOrder } from './batch-scorer.ts';
import { orderPlacedDataSchema } from './schemas.ts';

/** An OrderPlaced message as the risk step scores it; anything else on the risk queue is invalid (dead-lettered). */
export const placedOrderOf = (message: OrderEventMessage): PlacedOrder => {
  if (message.type !== 'OrderPlaced') throw new ValidationError(`The risk queue takes OrderPlaced only, not ${message.type}.`);
  const data = orderPlacedDataSchema.safeParse(message.data);
  if (!data.success) throw new ValidationError(`OrderPlaced ${message.eventId} has an invalid payload.`);
  return { eventId: message.eventId, orderId: message.orderId, placedAt: message.occurredAt, ...data.data };
};

/** The valid OrderPlaced messages of a batch's bodies, for the prescore; the spine deals with the others. */
export const placedOrdersOf = (bodies: readonly string[]): PlacedOrder[] =>
  bodies.flatMap((body) => {
    try {
      return [placedOrderOf(orderEventMessageSchema.parse(JSON.parse(body)))];
    } catch {
      return [];
    }
  });
