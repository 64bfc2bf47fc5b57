import * as z from 'zod';
import { baseConfigSchema } from '#shared/config.ts';

/** The outbox relay: one queue per consumer, and the stream's on-failure queue for records it can never publish. */
export const eventsConfigSchema = baseConfigSchema.extend({
  QUEUE_URL_PAYMENTS: z.url(),
  QUEUE_URL_NOTIFICATIONS: z.url(),
  QUEUE_URL_RISK: z.url(),
  EVENTS_PUBLISHER_FAILURE_QUEUE_URL: z.url(),
});
export type EventsConfig = z.infer<typeof eventsConfigSchema>;
