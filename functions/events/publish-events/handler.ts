import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { publishEvents } from '#shared/application/events/publish-events.ts';
import { eventsDeadLetters, publishEventsDeps } from '#shared/composition/events.ts';
import { storedOrderEventSchema } from '#shared/contracts/order-events.ts';
import { streamWorker } from '#shared/middleware/stream/stream-worker.ts';
import { logger, metrics } from '#shared/observability/index.ts';

/** The outbox relay: committed events arrive through the table stream and go to every consumer that wants them. */
export const handler = streamWorker(
  { entity: 'OrderEvent', schema: storedOrderEventSchema, deadLetters: eventsDeadLetters },
  {
    each: async ({ item }) => {
      const consumers = await publishEvents(await publishEventsDeps(), item);
      metrics.addMetric('EventsPublished', MetricUnit.Count, consumers.length);
      logger.info('event published', { eventId: item.eventId, type: item.type, consumers });
    },
  },
);
