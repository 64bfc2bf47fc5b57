import { ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invalidStreamRecordSchema } from '#shared/contracts/dead-letters.ts';
import { orderEventMessageSchema } from '#shared/contracts/order-events.ts';
import { sampleEvent } from '../../../tests/support/events.ts';
import { localEnv, privateQueues } from '../../../tests/support/integration.ts';
import { fakeContext } from '../../../tests/support/lambda.ts';
import type * as Publisher from './handler.ts';

// The outbox relay against the SQS emulator: an OrderPlaced stream record reaches risk and notifications; a
// record it can never read goes to the stream's on-failure queue at once.
describe('events publisher', () => {
  const env = localEnv();
  const sqs = new SQSClient({
    region: env.AWS_REGION,
    endpoint: env.SQS_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let handler: typeof Publisher.handler;
  let queues: Awaited<ReturnType<typeof privateQueues<QueueVariable>>>;
  type QueueVariable = 'QUEUE_URL_PAYMENTS' | 'QUEUE_URL_NOTIFICATIONS' | 'QUEUE_URL_RISK' | 'EVENTS_PUBLISHER_FAILURE_QUEUE_URL';

  beforeAll(async () => {
    queues = await privateQueues<QueueVariable>(sqs, 'orderly-test-pub', [
      'QUEUE_URL_PAYMENTS',
      'QUEUE_URL_NOTIFICATIONS',
      'QUEUE_URL_RISK',
      'EVENTS_PUBLISHER_FAILURE_QUEUE_URL',
    ]);
    for (const [name, value] of Object.entries({ ...env, SQS_ENDPOINT: env.SQS_ENDPOINT!, ...queues.urls })) vi.stubEnv(name, value);
    ({ handler } = await import('./handler.ts'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await queues.remove();
    sqs.destroy();
  });

  // The queues are this file's own; look a few times, as a send may take a moment to show.
  const find = async (queueUrl: string, matches: (message: Message) => boolean, attempts = 10) => {
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: 0,
          MessageAttributeNames: ['All'],
        }),
      );
      const mine = Messages.find(matches);
      if (mine) return mine;
    }
    return undefined;
  };

  it('sends OrderPlaced to risk and notifications, not payments, with its id, type, version and correlation id as attributes', async () => {
    const event = sampleEvent<DynamoDBStreamEvent>('dynamodb/order-placed-insert.json');
    const eventId = ulid();
    event.Records[0]!.dynamodb!.NewImage!.eventId = { S: eventId };

    const result = await handler(event, fakeContext());

    expect(result.batchItemFailures).toEqual([]);
    for (const queueUrl of [queues.urls.QUEUE_URL_RISK, queues.urls.QUEUE_URL_NOTIFICATIONS]) {
      const message = await find(queueUrl, (candidate) => candidate.MessageAttributes?.eventId?.StringValue === eventId);
      expect(message?.MessageAttributes).toMatchObject({
        eventType: { StringValue: 'OrderPlaced' },
        version: { StringValue: '1' },
        correlationId: { StringValue: 'sample-corr-1' },
      });
      expect(orderEventMessageSchema.parse(JSON.parse(message!.Body!))).toMatchObject({
        schemaVersion: 1,
        eventId,
        type: 'OrderPlaced',
        orderId: '01JSAMPLEORDER0000000000',
      });
    }
    expect(
      await find(queues.urls.QUEUE_URL_PAYMENTS, (message) => message.MessageAttributes?.eventId?.StringValue === eventId, 2),
    ).toBeUndefined();
  });

  it('sends a malformed event record to the on-failure queue once and acknowledges it, without publishing it', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const event = sampleEvent<DynamoDBStreamEvent>('dynamodb/order-placed-insert.json');
    const eventId = ulid();
    event.Records[0]!.eventID = `bad-${eventId}`;
    event.Records[0]!.dynamodb!.NewImage!.eventId = { S: eventId };
    delete event.Records[0]!.dynamodb!.NewImage!.type;

    const result = await handler(event, fakeContext());

    expect(result.batchItemFailures).toEqual([]);
    const letter = await find(
      queues.urls.EVENTS_PUBLISHER_FAILURE_QUEUE_URL,
      (message) => message.Body?.includes(`bad-${eventId}`) ?? false,
    );
    expect(invalidStreamRecordSchema.parse(JSON.parse(letter!.Body!))).toMatchObject({
      requestContext: { condition: 'InvalidRecord' },
      DDBStreamBatchInfo: { startSequenceNumber: '100000000000000000001', batchSize: 1 },
      record: { eventID: `bad-${eventId}`, keys: { PK: 'ORDER#01JSAMPLEORDER0000000000', SK: 'EVENT#0000000001' } },
    });
    expect(letter!.MessageAttributes?.deadLetterReason?.StringValue).toMatch(/type/);
    expect(
      await find(queues.urls.QUEUE_URL_PAYMENTS, (message) => message.MessageAttributes?.eventId?.StringValue === eventId, 2),
    ).toBeUndefined();
  });
});
