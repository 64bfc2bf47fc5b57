import { ORDER_EVENT_SUBSCRIPTIONS, type PublishEventsDeps } from '#shared/application/events/publish-events.ts';
import type { ReconcileOrdersDeps } from '#shared/application/events/reconcile-orders.ts';
import { loadConfig } from '#shared/config.ts';
import { eventsConfigSchema } from '#shared/config/events.ts';
import type { DeadLetterQueue } from '#shared/domain/messaging/ports.ts';
import { systemClock } from '#shared/domain/clock.ts';
import { dynamoStalledOrders } from '#shared/infrastructure/events/dynamo-stalled-orders.ts';
import { sqsEventSender } from '#shared/infrastructure/events/sqs-event-sender.ts';
import { sqsDeadLetterQueue } from '#shared/infrastructure/sqs/dead-letter-queue.ts';
import { documentClientFor, sqsClientFor } from './aws.ts';
import { once } from './memo.ts';

// The events composition root: the outbox relay's queues, built once per container.
export const eventsConfig = loadConfig(eventsConfigSchema);
const config = eventsConfig;

const sqs = /* @__PURE__ */ once(async () => sqsClientFor(config));

export const publishEventsDeps = /* @__PURE__ */ once(async (): Promise<PublishEventsDeps> => ({
  send: sqsEventSender(await sqs(), {
    payments: config.QUEUE_URL_PAYMENTS,
    notifications: config.QUEUE_URL_NOTIFICATIONS,
    risk: config.QUEUE_URL_RISK,
  }),
  subscriptions: ORDER_EVENT_SUBSCRIPTIONS,
}));

/** The table stream's on-failure queue for the publisher: stored events it can never read. */
export const eventsDeadLetters = /* @__PURE__ */ once(async (): Promise<DeadLetterQueue> =>
  sqsDeadLetterQueue(await sqs(), config.EVENTS_PUBLISHER_FAILURE_QUEUE_URL),
);

/** The outbox reconciler: the publisher's queues plus a walk of the order ledger and the orders' items. */
export const reconcileOrdersDeps = /* @__PURE__ */ once(async (): Promise<ReconcileOrdersDeps> => ({
  stalled: dynamoStalledOrders({ client: documentClientFor(config), tableName: config.TABLE_NAME, clock: systemClock }),
  publish: await publishEventsDeps(),
  clock: systemClock,
}));
