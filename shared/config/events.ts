import * as z from '#shared/zod.ts';
import { baseConfigSchema } from '#shared/config.ts';

/** The outbox relay: one queue per consumer, and the stream's on-failure queue for records it can never publish. */
export const eventsConfigSchema = z.extend(baseConfigSchema, {
  QUEUE_URL_PAYMENTS: z.url(),
  QUEUE_URL_NOTIFICATIONS: z.url(),
  QUEUE_URL_RISK: z.url(),
  EVENTS_PUBLISHER_FAILURE_QUEUE_URL: z.url(),
  /** The reconciler publishes an order's events again when it is still unclaimed by the saga this long after placing. */
  ORDER_RECONCILE_AFTER_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(10), z.lte(86_400)), 300),
});
export type EventsConfig = z.infer<typeof eventsConfigSchema>;
