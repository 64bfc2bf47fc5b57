import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './ports.ts';
import { startSqsLocal } from './sqs-local.ts';

// The outage switch of the e2e suite (tests/setup/e2e.ts, POST /sqs/stop|start): a paused emulator refuses
// connections, and a resumed one still holds the queues and messages it had.
const sqsLocal = await startSqsLocal({ port: await freePort(), region: 'eu-west-1' });
const sqs = new SQSClient({
  region: 'eu-west-1',
  endpoint: sqsLocal.endpoint,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
});
afterAll(async () => {
  sqs.destroy();
  await sqsLocal.stop();
});

describe('the in-process SQS emulator', () => {
  it('refuses connections while paused and keeps its messages across a pause', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'outage-probe' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'before' }));

    await sqsLocal.pause();
    await expect(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'during' }))).rejects.toThrow();
    await sqsLocal.resume();

    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    expect(Messages.map((message) => message.Body)).toEqual(['before']);
  });
});
