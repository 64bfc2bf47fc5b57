import * as z from 'zod';
import { baseConfigSchema } from '#shared/config.ts';

/** The outbox relay: one queue per consumer, and the stream's on-failure queue for records it can never publish. */
export const eventsConfigSchema = baseConfigSchema.extend({
  QUEUE_URL_PAYMENTS: z.url(),
  QUEUE_URL_NOTIFICATIONS: z.url(),
  QUEUE_URL_RISK: z.url(),
  EVENTS_PUBLISHER_FAILURE_QUEUE_URL: z.url(),
  /** The reconciler publishes an order's events again when it is still unclaimed by the saga this long after placing. */
  ORDER_RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
});
export type EventsConfig = z.infer<typeof eventsConfigSchema>;
