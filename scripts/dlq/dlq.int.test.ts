import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { localEnv } from '../../tests/support/integration.ts';
import { runDlqCli } from './cli.ts';
import { peekMessages } from './peek.ts';
import { listDeadLetterQueues, queueUrlOf } from './queues.ts';
import { fileJournal, memoryJournal, redriveMessages } from './redrive.ts';

const env = localEnv();
const sqs = new SQSClient({
  region: env.AWS_REGION!,
  endpoint: env.SQS_ENDPOINT!,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
afterAll(() => sqs.destroy());

/** A source queue and its DLQ of the test stage, for this test alone, so parallel files never share messages. */
const aQueuePair = async () => {
  const short = `dlqtest-${ulid().toLowerCase()}`;
  const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `orderly-test-${short}-dlq` }))).QueueUrl!;
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const sourceUrl = (
    await sqs.send(
      new CreateQueueCommand({
        QueueName: `orderly-test-${short}`,
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes.QueueArn, maxReceiveCount: 2 }) },
      }),
    )
  ).QueueUrl!;
  return { short, sourceUrl, dlqUrl };
};

const aDeadLetter = async (queueUrl: string, n: number) => {
  const eventId = ulid();
  const { MessageId } = await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify({ eventId, type: 'OrderPlaced', n }),
      MessageAttributes: {
        eventId: { DataType: 'String', StringValue: eventId },
        eventType: { DataType: 'String', StringValue: 'OrderPlaced' },
        correlationId: { DataType: 'String', StringValue: `corr-${n}` },
      },
    }),
  );
  return { eventId, messageId: MessageId! };
};

const depth = async (queueUrl: string) => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return { visible: Number(Attributes.ApproximateNumberOfMessages), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible) };
};

const drain = async (queueUrl: string) => {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      MessageAttributeNames: ['All'],
      VisibilityTimeout: 60,
    }),
  );
  return Messages;
};

describe('dlq tooling against the SQS emulator', () => {
  it('lists every dead-letter queue of the stage with its depth', async () => {
    const { short, dlqUrl } = await aQueuePair();
    await aDeadLetter(dlqUrl, 1);
    await aDeadLetter(dlqUrl, 2);
    const queues = await listDeadLetterQueues(sqs, 'test');
    const names = queues.map((queue) => queue.name);
    expect(names).toEqual(
      expect.arrayContaining(['orderly-test-payments-dlq', 'orderly-test-notifications-dlq', 'orderly-test-events-publisher-failures']),
    );
    expect(names).not.toContain('orderly-test-payments');
    expect(queues.find((queue) => queue.name === `orderly-test-${short}-dlq`)).toMatchObject({
      messages: 2,
      inFlight: 0,
      source: `orderly-test-${short}`,
    });
    expect(queues.find((queue) => queue.name === 'orderly-test-events-publisher-failures')?.source).toBeUndefined();
  });

  it('peeks at messages with their context and leaves them in the queue', async () => {
    const { dlqUrl } = await aQueuePair();
    const sent = [await aDeadLetter(dlqUrl, 1), await aDeadLetter(dlqUrl, 2)];
    const peeked = await peekMessages(sqs, dlqUrl, { max: 10 });
    expect(peeked.map((message) => message.messageId).sort()).toEqual(sent.map((message) => message.messageId).sort());
    expect(peeked[0]).toMatchObject({
      body: { type: 'OrderPlaced' },
      receiveCount: 1,
      sentAt: expect.any(String),
      messageAttributes: { eventType: 'OrderPlaced', correlationId: expect.stringMatching(/^corr-/), eventId: expect.any(String) },
    });
    await expect.poll(() => depth(dlqUrl), { timeout: 5_000, interval: 100 }).toEqual({ visible: 2, inFlight: 0 });
    expect(await peekMessages(sqs, dlqUrl, { max: 1 })).toHaveLength(1);
    // The emulator's counters follow a release a moment later on a busy machine: wait for them, never sleep.
    await expect.poll(() => depth(dlqUrl), { timeout: 5_000, interval: 100 }).toEqual({ visible: 2, inFlight: 0 });
  });

  it('shows where a message dead-lettered by the redrive policy came from', async () => {
    const { sourceUrl, dlqUrl } = await aQueuePair();
    const { messageId } = await aDeadLetter(sourceUrl, 1);
    for (let receive = 0; receive < 3; receive += 1) {
      const messages = await drain(sourceUrl);
      await Promise.all(
        messages.map((message) =>
          sqs.send(
            new ChangeMessageVisibilityCommand({ QueueUrl: sourceUrl, ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 0 }),
          ),
        ),
      );
    }
    const [peeked] = await peekMessages(sqs, dlqUrl, { max: 10 });
    expect(peeked).toMatchObject({
      messageId,
      receiveCount: expect.any(Number),
      sentAt: expect.any(String),
      messageAttributes: { correlationId: 'corr-1' },
    });
    expect(peeked!.deadLetterSourceArn).toMatch(/:orderly-test-dlqtest-[a-z0-9]+$/);
  });

  it('redrives every message exactly once, carrying body and attributes', async () => {
    const { sourceUrl, dlqUrl } = await aQueuePair();
    const sent = await Promise.all([1, 2, 3].map((n) => aDeadLetter(dlqUrl, n)));
    const journal = memoryJournal();
    const batches: Array<{ moved: number }> = [];

    const summary = await redriveMessages(sqs, {
      fromUrl: dlqUrl,
      toUrl: sourceUrl,
      journal,
      max: Infinity,
      onBatch: (soFar) => batches.push(soFar),
    });
    expect(summary).toEqual({ moved: 3, resumed: 0, failed: 0 });
    // A progress report per batch received, the last one the whole run.
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(batches.at(-1)).toEqual(summary);
    expect(await redriveMessages(sqs, { fromUrl: dlqUrl, toUrl: sourceUrl, journal, max: Infinity })).toEqual({
      moved: 0,
      resumed: 0,
      failed: 0,
    });

    expect(await depth(dlqUrl)).toEqual({ visible: 0, inFlight: 0 });
    const redriven = await drain(sourceUrl);
    expect(redriven).toHaveLength(3);
    expect(redriven.map((message) => message.MessageAttributes?.eventId?.StringValue).sort()).toEqual(
      sent.map((message) => message.eventId).sort(),
    );
    expect(redriven.map((message) => message.MessageAttributes?.redriveOf?.StringValue).sort()).toEqual(
      sent.map((message) => message.messageId).sort(),
    );
    expect(
      redriven.every((message) => message.MessageAttributes?.redriveCount?.StringValue === '1' && message.MessageAttributes?.correlationId),
    ).toBe(true);
  });

  it('after a run that died between send and delete, only deletes what it already sent', async () => {
    const { sourceUrl, dlqUrl } = await aQueuePair();
    const [alreadySent, pending] = [await aDeadLetter(dlqUrl, 1), await aDeadLetter(dlqUrl, 2)];
    const journal = fileJournal(join(mkdtempSync(join(tmpdir(), 'dlq-journal-')), 'journal.log'));
    journal.add([alreadySent.messageId]);

    expect(await redriveMessages(sqs, { fromUrl: dlqUrl, toUrl: sourceUrl, journal, max: Infinity })).toEqual({
      moved: 1,
      resumed: 1,
      failed: 0,
    });
    const redriven = await drain(sourceUrl);
    expect(redriven.map((message) => message.MessageAttributes?.eventId?.StringValue)).toEqual([pending.eventId]);
    expect(await depth(dlqUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('honours --max and reports through the CLI with exit codes', async () => {
    const { short, sourceUrl, dlqUrl } = await aQueuePair();
    await Promise.all([1, 2, 3].map((n) => aDeadLetter(dlqUrl, n)));
    const lines: string[] = [];
    const io = {
      out: (line: string) => lines.push(line),
      err: (line: string) => lines.push(line),
      env: { SQS_ENDPOINT: env.SQS_ENDPOINT, STAGE: 'test', AWS_REGION: env.AWS_REGION },
      cwd: mkdtempSync(join(tmpdir(), 'dlq-cli-')),
    };

    expect(await runDlqCli(['list'], io)).toBe(0);
    expect(lines.join('\n')).toMatch(new RegExp(`orderly-test-${short}-dlq\\s+3\\s+0\\s+orderly-test-${short}`));
    expect(await runDlqCli(['peek', short, '--max', '2', '--json'], io)).toBe(0);
    expect(JSON.parse(lines.at(-1)!)).toHaveLength(2);
    expect(await runDlqCli(['redrive', `${short}-dlq`, '--max', '2'], io)).toBe(0);
    expect(lines.at(-1)).toContain('2 moved');
    expect((await depth(dlqUrl)).visible).toBe(1);
    expect((await depth(sourceUrl)).visible).toBe(2);
    expect(await runDlqCli(['peek', 'no-such-queue'], io)).toBe(1);
    expect(lines.at(-1)).toContain('does not exist');
    expect(await runDlqCli(['redrive', 'events-publisher-failures'], io)).toBe(2);
  });

  it('resolves the stage queues by name', async () => {
    expect(await queueUrlOf(sqs, 'orderly-test-payments-dlq')).toContain('orderly-test-payments-dlq');
  });
});
