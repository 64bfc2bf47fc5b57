import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { publishEvent, type Subscriptions } from '#shared/application/events/publish-event.ts';
import { baseConfigSchema, loadConfig } from '#shared/config.ts';
import { sqsEventSender } from '#shared/infrastructure/events/sqs-event-sender.ts';
import { createSqsClient } from '#shared/infrastructure/sqs/client.ts';
import { logger, metrics } from '#shared/observability/index.ts';

const config = loadConfig(baseConfigSchema.extend({ QUEUE_URL_PAYMENTS: z.url(), QUEUE_URL_NOTIFICATIONS: z.url() }));

const subscriptions: Subscriptions = {
  payments: ['OrderPlaced', 'OrderCancelled'],
  notifications: ['*'],
};

const storedEvent = z.object({
  entity: z.literal('OrderEvent'),
  eventId: z.string().min(1),
  type: z.string().min(1),
  orderId: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.string().min(1),
  correlationId: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});

const send = sqsEventSender(createSqsClient({ region: config.AWS_REGION, endpoint: config.SQS_ENDPOINT }), {
  payments: config.QUEUE_URL_PAYMENTS,
  notifications: config.QUEUE_URL_NOTIFICATIONS,
});
const processor = new BatchProcessor(EventType.DynamoDBStreams);

const publishRecord = async (record: DynamoDBRecord): Promise<void> => {
  const image = record.dynamodb?.NewImage;
  if (!image) return;
  const item = storedEvent.parse(unmarshall(image as Record<string, AttributeValue>));
  const consumers = await publishEvent(
    { send, subscriptions },
    { ...item, aggregateId: item.orderId },
  );
  metrics.addMetric('EventsPublished', MetricUnit.Count, consumers.length);
  logger.info('event published', { eventId: item.eventId, type: item.type, consumers, correlationId: item.correlationId });
};

/** The outbox relay: committed events arrive through the table stream and go to every consumer that wants them. */
export const handler = middy(async (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, publishRecord, processor, { context, processInParallel: false, throwOnFullBatchFailure: false }),
)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
