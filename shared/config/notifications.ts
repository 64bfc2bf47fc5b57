import * as z from '#shared/zod.ts';
import { baseConfigSchema, optionalUrl } from '#shared/config.ts';
import { DEFAULT_MAX_CONNECTIONS_PER_USER } from '#shared/domain/notifications/connection.ts';

/** The notifications context: the ticket endpoint, the WebSocket routes and the worker. */
export const notificationsConfigSchema = z.extend(baseConfigSchema, {
  /** The WebSocket API clients connect to: `wss://<api>.execute-api.<region>.amazonaws.com/<stage>`; offline `ws://127.0.0.1:3001`. */
  WEBSOCKET_URL: z.url({ protocol: /^wss?$/ }),
  /** The @connections endpoint; by default WEBSOCKET_URL with http(s) (offline: no stage path, so set it there). */
  WEBSOCKET_MANAGEMENT_ENDPOINT: optionalUrl,
  NOTIFICATIONS_MAX_CONNECTIONS_PER_USER: z._default(
    z.coerce.number().check(z.int(), z.gte(1), z.lte(100)),
    DEFAULT_MAX_CONNECTIONS_PER_USER,
  ),
  /** Open connections in the whole stage. */
  NOTIFICATIONS_MAX_CONNECTIONS: z._default(z.coerce.number().check(z.int(), z.gte(1)), 10_000),
  /** Posts in flight per event. */
  NOTIFICATIONS_PUSH_CONCURRENCY: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 16),
  /** The notifications queue's DLQ: the worker sends invalid messages there itself, without burning retries. */
  NOTIFICATIONS_DLQ_URL: z.url(),
});
export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;

/** The @connections endpoint for a WebSocket URL: same host and stage path, over HTTP(S). */
export const managementEndpointOf = (config: Pick<NotificationsConfig, 'WEBSOCKET_URL' | 'WEBSOCKET_MANAGEMENT_ENDPOINT'>): string =>
  config.WEBSOCKET_MANAGEMENT_ENDPOINT ?? config.WEBSOCKET_URL.replace(/^ws/, 'http').replace(/\/$/, '');
