import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { defaultIo, isUsageError, type CliIo, UsageError } from '../cli.ts';
import { localCredentials } from '../local/aws.ts';
import { loadLocalEnv, portFrom } from '../local/env.ts';
import { peekMessages } from './peek.ts';
import { deadLetterQueueName, listDeadLetterQueues, queueUrlOf, QueueNotFoundError } from './queues.ts';
import { fileJournal, redriveMessages } from './redrive.ts';

export const USAGE = `usage: npm run dlq -- <command> [options]

  list                        every dead-letter queue of the stage with its depth
  peek <queue> [--max N]      print messages with their error context; nothing is deleted (default N: 10)
  redrive <queue> [--max N]   move messages back to the source queue (default: all)

  <queue>: payments, payments-dlq, orderly-<stage>-payments-dlq, events-publisher-failures
  --stage <stage>   default: STAGE from the environment, .env, .env.example, else dev
  --aws             talk to the deployed stage with the default AWS credentials (needs --stage)
  --region <region> default: AWS_REGION
  --json            machine-readable output`;

interface Target {
  sqs: SQSClient;
  stage: string;
  waitTimeSeconds: number;
  journalDir: string;
}

const target = (values: { stage?: string; aws?: boolean; region?: string }, io: CliIo): Target => {
  const local = loadLocalEnv(io.cwd, io.env);
  const journalDir = join(io.cwd, '.local', 'dlq-journal');
  if (values.aws) {
    if (!values.stage) throw new UsageError('--aws needs --stage <stage>: name the deployed stage explicitly');
    const region = values.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? local.AWS_REGION;
    return { sqs: new SQSClient(region ? { region } : {}), stage: values.stage, waitTimeSeconds: 1, journalDir };
  }
  const endpoint = io.env.SQS_ENDPOINT || `http://127.0.0.1:${portFrom(local, 'SQS_PORT', 9324)}`;
  const region = values.region ?? io.env.AWS_REGION ?? local.AWS_REGION ?? 'eu-west-1';
  const stage = values.stage ?? io.env.STAGE ?? local.STAGE ?? 'dev';
  return { sqs: new SQSClient({ region, endpoint, credentials: localCredentials }), stage, waitTimeSeconds: 0, journalDir };
};

const parseMax = (raw: string | undefined, fallback: number): number => {
  if (raw === undefined) return fallback;
  const max = Number(raw);
  if (!Number.isInteger(max) || max < 1) throw new UsageError(`--max must be a positive integer, got ${raw}`);
  return max;
};

/** Runs one command; returns the exit code: 0 ok, 1 error, 2 usage. */
export const runDlqCli = async (argv: string[], io: CliIo = defaultIo): Promise<number> => {
  let sqs: SQSClient | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        max: { type: 'string' },
        stage: { type: 'string' },
        aws: { type: 'boolean' },
        region: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [command, queue, ...extra] = positionals;
    if (values.help) return (io.out(USAGE), 0);
    if (!command || !['list', 'peek', 'redrive'].includes(command))
      throw new UsageError(command ? `unknown command ${command}` : 'missing command');
    if (command === 'list' ? queue !== undefined : queue === undefined || extra.length > 0)
      throw new UsageError(`${command}: ${command === 'list' ? 'takes no queue' : 'needs exactly one queue'}`);
    const max = parseMax(values.max, command === 'peek' ? 10 : Number.POSITIVE_INFINITY);
    const chosen = target(values, io);
    sqs = chosen.sqs;
    const print = (data: unknown, text: () => string[]) =>
      values.json ? io.out(JSON.stringify(data, null, 2)) : text().forEach((line) => io.out(line));

    if (command === 'list') {
      const queues = await listDeadLetterQueues(chosen.sqs, chosen.stage);
      print(queues, () => [
        `${'QUEUE'.padEnd(48)} ${'MESSAGES'.padStart(8)} ${'IN FLIGHT'.padStart(9)}  REDRIVES TO`,
        ...queues.map(
          (dlq) =>
            `${dlq.name.padEnd(48)} ${String(dlq.messages).padStart(8)} ${String(dlq.inFlight).padStart(9)}  ${dlq.source ?? '(stream positions: replay, not redrive)'}`,
        ),
      ]);
      return 0;
    }
    const dlq = deadLetterQueueName(chosen.stage, queue!);
    const fromUrl = await queueUrlOf(chosen.sqs, dlq.name);
    if (command === 'peek') {
      const messages = await peekMessages(chosen.sqs, fromUrl, { max, waitTimeSeconds: chosen.waitTimeSeconds, visibilityTimeout: 30 });
      print(messages, () => [
        `${dlq.name}: ${messages.length} message(s) shown, none deleted`,
        ...messages.map((message) => JSON.stringify(message, null, 2)),
      ]);
      return 0;
    }
    if (!dlq.source)
      throw new UsageError(
        `${dlq.name} holds stream batch positions, not events: re-publish that time range from the table (npm run replay -- --since <time>) instead of redriving`,
      );
    const toUrl = await queueUrlOf(chosen.sqs, dlq.source);
    const journal = fileJournal(join(chosen.journalDir, `${dlq.name}.log`));
    const started = Date.now();
    // Progress goes to stderr, one line per batch, so `--json` output stays one document.
    const onBatch = (soFar: { moved: number; resumed: number; failed: number }) =>
      io.err(
        `redrive: ${soFar.moved + soFar.resumed + soFar.failed} done (${soFar.moved} moved, ${soFar.resumed} resumed, ${soFar.failed} failed) ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    const summary = await redriveMessages(chosen.sqs, { fromUrl, toUrl, journal, max, waitTimeSeconds: chosen.waitTimeSeconds, onBatch });
    print(summary, () => [
      `${dlq.name} → ${dlq.source}: ${summary.moved} moved, ${summary.resumed} finished from an earlier run, ${summary.failed} failed`,
    ]);
    return summary.failed > 0 ? 1 : 0;
  } catch (error) {
    if (isUsageError(error)) {
      io.err(`dlq: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    const refused = (error as { code?: string }).code === 'ECONNREFUSED' || String((error as Error).message).includes('ECONNREFUSED');
    const hint = refused ? ' (is the local stack running? start it with `npm start`, or pass --stage <stage> --aws)' : '';
    io.err(`dlq: ${error instanceof QueueNotFoundError ? error.message : `${(error as Error).name}: ${(error as Error).message}`}${hint}`);
    return 1;
  } finally {
    sqs?.destroy();
  }
};
