import * as z from 'zod';
import { CHANNELS } from '#shared/domain/notifications/channels.ts';

const channel = z.enum(CHANNELS);

/** Frames a client may send; the route selection expression picks the Lambda by `action`. */
export const subscribeFrame = z.object({ action: z.literal('subscribe'), channel }).strict();
export const unsubscribeFrame = z.object({ action: z.literal('unsubscribe'), channel }).strict();
export const pingFrame = z.object({ action: z.literal('ping') }).strict();

/** The order-event fields the worker reads from a notifications queue message (other fields are ignored). */
export const notificationMessage = z.object({
  eventId: z.string().min(1),
  type: z.string().min(1),
  orderId: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
});
