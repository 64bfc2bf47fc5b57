import { randomBytes } from 'node:crypto';
import type { ConnectionDeps, FanOutDeps, TicketDeps } from '#shared/application/notifications/deps.ts';
import { loadConfig } from '#shared/config.ts';
import { managementEndpointOf, notificationsConfigSchema } from '#shared/config/notifications.ts';
import type { DeadLetterQueue } from '#shared/domain/messaging/ports.ts';
import { systemClock } from '#shared/domain/clock.ts';
import { apiGatewayFramePusher, createManagementClient } from '#shared/infrastructure/notifications/api-gateway-frame-pusher.ts';
import { dynamoConnectionStore } from '#shared/infrastructure/notifications/dynamo-connection-store.ts';
import { dynamoOrderHistory } from '#shared/infrastructure/notifications/dynamo-order-history.ts';
import { dynamoTicketStore } from '#shared/infrastructure/notifications/dynamo-ticket-store.ts';
import { sqsDeadLetterQueue } from '#shared/infrastructure/sqs/dead-letter-queue.ts';
import { routeFor } from '#shared/middleware/http/route.ts';
import { accessTokenVerifier } from './auth.ts';
import { documentClientFor, sqsClientFor } from './aws.ts';
import { once } from './memo.ts';

// The notifications composition root: config parsed at cold start, adapters built once per container on first use.
export const notificationsConfig = loadConfig(notificationsConfigSchema);
const config = notificationsConfig;
const tableName = config.TABLE_NAME;
const clock = systemClock;

const documents = /* @__PURE__ */ once(async () => documentClientFor(config));

export const ticketDeps = /* @__PURE__ */ once(async (): Promise<TicketDeps> => ({
  tickets: dynamoTicketStore({ client: await documents(), tableName }),
  clock,
  newTicket: () => randomBytes(32).toString('base64url'),
  websocketUrl: config.WEBSOCKET_URL,
}));

export const connectionDeps = /* @__PURE__ */ once(async (): Promise<ConnectionDeps> => ({
  tickets: dynamoTicketStore({ client: await documents(), tableName }),
  connections: dynamoConnectionStore({ client: await documents(), tableName }),
  clock,
  limits: { perUser: config.NOTIFICATIONS_MAX_CONNECTIONS_PER_USER, stage: config.NOTIFICATIONS_MAX_CONNECTIONS },
}));

export const fanOutDeps = /* @__PURE__ */ once(async (): Promise<FanOutDeps> => ({
  orders: dynamoOrderHistory({ client: await documents(), tableName }),
  connections: dynamoConnectionStore({ client: await documents(), tableName }),
  pusher: apiGatewayFramePusher(createManagementClient({ endpoint: managementEndpointOf(config), region: config.AWS_REGION })),
  clock,
  concurrency: config.NOTIFICATIONS_PUSH_CONCURRENCY,
}));

/** The notifications queue's DLQ, where the worker sends messages it can never process. */
export const notificationsDeadLetters = /* @__PURE__ */ once(async (): Promise<DeadLetterQueue> =>
  sqsDeadLetterQueue(sqsClientFor(config), config.NOTIFICATIONS_DLQ_URL),
);

/** The ticket endpoint is signed in. */
export const notificationsRoute = /* @__PURE__ */ routeFor({ verifier: accessTokenVerifier });
