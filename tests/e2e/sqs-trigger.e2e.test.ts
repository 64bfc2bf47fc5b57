import { readFileSync } from 'node:fs';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { e2e, eventually } from '../support/e2e.ts';

// The probe worker (test stage only) runs the real SQS spine under the local trigger; the queue's visibility is
// capped at 2 s for the suite, so five receives take seconds, not minutes. Invalid messages skip the receives: the
// worker sends them to the DLQ itself.
describe('SQS trigger with partial batch failures', () => {
  const { env, logFile } = e2e();
  const sqs = new SQSClient({
    region: env.AWS_REGION,
    endpoint: env.SQS_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const queueUrl = `${env.SQS_ENDPOINT}/000000000000/orderly-test-probe`;
  const dlqUrl = `${env.SQS_ENDPOINT}/000000000000/orderly-test-probe-dlq`;
  afterAll(() => sqs.destroy());

  const depth = async (url: string) => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  };

  it('dead-letters an invalid message after one receive, with its attributes and the reason, and deletes it from the queue', async () => {
    const marker = `poison-${ulid()}`;
    const offset = readFileSync(logFile, 'utf8').length;
    const { MessageId } = await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({ id: marker, unknown: true }),
        MessageAttributes: { correlationId: { DataType: 'String', StringValue: marker } },
      }),
    );

    const dead = await eventually(
      async () => {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: dlqUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            VisibilityTimeout: 60,
            MessageAttributeNames: ['All'],
          }),
        );
        return Messages.find((message) => message.Body?.includes(marker));
      },
      15_000,
      200,
    );

    expect(dead.MessageAttributes?.correlationId?.StringValue).toBe(marker);
    expect(dead.MessageAttributes?.deadLetterReason?.StringValue).toMatch(/Unrecognized key/);
    await eventually(async () => readFileSync(logFile, 'utf8').slice(offset).includes(MessageId!), 10_000);
    expect(
      readFileSync(logFile, 'utf8')
        .slice(offset)
        .split('\n')
        .filter((line) => line.includes(MessageId!)),
    ).toHaveLength(1);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: dead.ReceiptHandle! }));
  });

  it('deletes the successes, redelivers the failure and moves it to the DLQ after maxReceiveCount', async () => {
    const failingId = `fail-${ulid()}`;
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({ id: `ok-${ulid()}` }),
        MessageAttributes: { correlationId: { DataType: 'String', StringValue: 'probe-corr-ok' } },
      }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ id: failingId, fail: true }) }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'this is not json at all' }));

    // The invalid message arrives at once and the failing one after five receives: collect across polls.
    const collected = new Map<string, Message>();
    const deadLetters = await eventually(
      async () => {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60 }),
        );
        for (const message of Messages) collected.set(message.MessageId!, message);
        return collected.size >= 2 ? [...collected.values()] : undefined;
      },
      45_000,
      500,
    );

    const bodies = deadLetters.map((message) => message.Body);
    expect(bodies).toContain('this is not json at all');
    expect(bodies.some((body) => body?.includes(failingId))).toBe(true);
    expect(bodies.some((body) => body?.includes('ok-'))).toBe(false);
    expect(await depth(queueUrl)).toBe(0);
  });
});
