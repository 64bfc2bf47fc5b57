import { describe, expect, it } from 'vitest';
import { runDlqCli } from './cli.ts';
import { describe as describeMessage } from './peek.ts';
import { UsageError } from '../cli.ts';
import { deadLetterQueueName, isDeadLetterQueueName } from './queues.ts';

describe('dead-letter queue names', () => {
  it.each([
    ['payments', 'orderly-dev-payments-dlq', 'orderly-dev-payments'],
    ['payments-dlq', 'orderly-dev-payments-dlq', 'orderly-dev-payments'],
    ['orderly-dev-notifications-dlq', 'orderly-dev-notifications-dlq', 'orderly-dev-notifications'],
    ['events-publisher', 'orderly-dev-events-publisher-failures', undefined],
    ['events-publisher-failures', 'orderly-dev-events-publisher-failures', undefined],
  ])('reads %s as %s redriving to %s', (given, name, source) => {
    expect(deadLetterQueueName('dev', given)).toEqual({ name, source });
  });

  it.each(['orderly-prod-payments-dlq', 'Payments', '../x', ''])('refuses %j', (given) => {
    expect(() => deadLetterQueueName('dev', given)).toThrow(UsageError);
  });

  it.each([
    ['orderly-dev-payments-dlq', true],
    ['orderly-dev-events-publisher-failures', true],
    ['orderly-dev-payments', false],
    ['orderly-devx-payments-dlq', false],
  ])('counts %s as a dead-letter queue: %s', (name, expected) => {
    expect(isDeadLetterQueueName('dev', name)).toBe(expected);
  });
});

describe('peeked message context', () => {
  it('lifts the stream batch position out of an on-failure record', () => {
    const batch = { shardId: 'shard-1', startSequenceNumber: '100', endSequenceNumber: '120', batchSize: 3 };
    const peeked = describeMessage({
      MessageId: 'm-1',
      Body: JSON.stringify({ requestContext: { condition: 'RetryAttemptsExhausted' }, DDBStreamBatchInfo: batch }),
      Attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1700000000000' },
    });
    expect(peeked).toMatchObject({ messageId: 'm-1', streamBatch: batch, receiveCount: 2, sentAt: '2023-11-14T22:13:20.000Z' });
  });

  it('keeps a body that is not JSON as text', () => {
    expect(describeMessage({ MessageId: 'm-2', Body: 'oops' })).toMatchObject({
      body: 'oops',
      streamBatch: undefined,
      receiveCount: undefined,
    });
  });
});

describe('dlq CLI usage', () => {
  const run = async (argv: string[]) => {
    const lines: string[] = [];
    const code = await runDlqCli(argv, { out: (line) => lines.push(line), err: (line) => lines.push(line), env: {}, cwd: '/nonexistent' });
    return { code, output: lines.join('\n') };
  };

  it.each([
    [[]],
    [['explode']],
    [['list', 'payments']],
    [['peek']],
    [['peek', 'payments', 'notifications']],
    [['peek', 'payments', '--max', '0']],
    [['redrive', 'payments', '--max', 'all']],
    [['list', '--aws']],
    [['list', '--bogus']],
  ])('exits 2 with the usage for %j', async (argv) => {
    const { code, output } = await run(argv);
    expect(code).toBe(2);
    expect(output).toContain('usage: npm run dlq');
  });

  it('prints the usage for --help and exits 0', async () => {
    expect(await run(['--help'])).toMatchObject({ code: 0, output: expect.stringContaining('redrive <queue>') });
  });
});
