import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sampleEvent } from '../../../tests/support/events.ts';
import { localEnv } from '../../../tests/support/integration.ts';
import { fakeContext } from '../../../tests/support/lambda.ts';
import type * as Publisher from './handler.ts';

// The outbox relay against the SQS emulator: an OrderPlaced stream record reaches payments and notifications.
describe('events publisher', () => {
  const env = localEnv();
  const sqs = new SQSClient({ region: env.AWS_REGION, endpoint: env.SQS_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let handler: typeof Publisher.handler;

  beforeAll(async () => {
    for (const [name, value] of Object.entries({ ...env, SQS_ENDPOINT: env.SQS_ENDPOINT! })) vi.stubEnv(name, value);
    ({ handler } = await import('./handler.ts'));
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    sqs.destroy();
  });

  // Visibility 0 leaves other tests' messages where they are; look a few times in case the queue is busy.
  const find = async (queueUrl: string, eventId: string) => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0, MessageAttributeNames: ['All'] }));
      const mine = Messages.find((candidate) => candidate.MessageAttributes?.eventId?.StringValue === eventId);
      if (mine) return mine;
    }
    return undefined;
  };

  it('sends OrderPlaced to payments and notifications with its id, type, version and correlation id as attributes', async () => {
    const event = sampleEvent<DynamoDBStreamEvent>('dynamodb/order-placed-insert.json');
    const eventId = ulid();
    event.Records[0]!.dynamodb!.NewImage!.eventId = { S: eventId };

    const result = await handler(event, fakeContext());

    expect(result.batchItemFailures).toEqual([]);
    for (const queueUrl of [env.QUEUE_URL_PAYMENTS!, env.QUEUE_URL_NOTIFICATIONS!]) {
      const message = await find(queueUrl, eventId);
      expect(message?.MessageAttributes).toMatchObject({
        eventType: { StringValue: 'OrderPlaced' },
        version: { StringValue: '1' },
        correlationId: { StringValue: 'sample-corr-1' },
      });
      expect(JSON.parse(message!.Body!)).toMatchObject({ eventId, type: 'OrderPlaced', aggregateId: '01JSAMPLEORDER0000000000' });
    }
  });

  it('reports a malformed event record as a batch item failure by its sequence number', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const event = sampleEvent<DynamoDBStreamEvent>('dynamodb/order-placed-insert.json');
    delete event.Records[0]!.dynamodb!.NewImage!.eventId;

    const result = await handler(event, fakeContext());

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '100000000000000000001' }]);
  });
});
