import { randomBytes } from 'node:crypto';
import type { ConnectionDeps, FanOutDeps, TicketDeps } from '#shared/application/notifications/deps.ts';
import { loadConfig } from '#shared/config.ts';
import { managementEndpointOf, notificationsConfigSchema } from '#shared/config/notifications.ts';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { apiGatewayFramePusher, createManagementClient } from '#shared/infrastructure/notifications/api-gateway-frame-pusher.ts';
import { dynamoConnectionStore } from '#shared/infrastructure/notifications/dynamo-connection-store.ts';
import { dynamoOrderHistory } from '#shared/infrastructure/notifications/dynamo-order-history.ts';
import { dynamoTicketStore } from '#shared/infrastructure/notifications/dynamo-ticket-store.ts';
import { once } from './memo.ts';

// The notifications composition root: real adapters, built once per container, on first use.
export const notificationsConfig = loadConfig(notificationsConfigSchema);
const config = notificationsConfig;
const clock = { now: () => new Date() };

const documents = once(async () => createDynamoClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT }));

export const ticketDeps = once(async (): Promise<TicketDeps> => ({
  tickets: dynamoTicketStore({ client: await documents(), tableName: config.TABLE_NAME }),
  clock,
  newTicket: () => randomBytes(32).toString('base64url'),
  websocketUrl: config.WEBSOCKET_URL,
}));

export const connectionDeps = once(async (): Promise<ConnectionDeps> => ({
  tickets: dynamoTicketStore({ client: await documents(), tableName: config.TABLE_NAME }),
  connections: dynamoConnectionStore({ client: await documents(), tableName: config.TABLE_NAME }),
  clock,
  limits: { perUser: config.NOTIFICATIONS_MAX_CONNECTIONS_PER_USER, stage: config.NOTIFICATIONS_MAX_CONNECTIONS },
}));

export const fanOutDeps = once(async (): Promise<FanOutDeps> => ({
  orders: dynamoOrderHistory({ client: await documents(), tableName: config.TABLE_NAME }),
  connections: dynamoConnectionStore({ client: await documents(), tableName: config.TABLE_NAME }),
  pusher: apiGatewayFramePusher(createManagementClient({ endpoint: managementEndpointOf(config), region: config.AWS_REGION })),
  clock,
  concurrency: config.NOTIFICATIONS_PUSH_CONCURRENCY,
}));
