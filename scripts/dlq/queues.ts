import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueuesCommand, QueueDoesNotExist, type SQSClient } from '@aws-sdk/client-sqs';
import { UsageError } from '../cli.ts';

/** The stream consumer's on-failure destination: it holds batch positions, not messages to put back anywhere. */
export const STREAM_FAILURES = 'events-publisher-failures';

export interface DeadLetterQueueName {
  /** Full queue name, e.g. `orderly-dev-payments-dlq`. */
  name: string;
  /** Where `redrive` sends messages back to; undefined for the stream failure queue. */
  source: string | undefined;
}

export class QueueNotFoundError extends Error {
  override readonly name = 'QueueNotFoundError';
}

const prefixOf = (stage: string) => `orderly-${stage}-`;

export const isDeadLetterQueueName = (stage: string, name: string): boolean =>
  name.startsWith(prefixOf(stage)) && (name.endsWith('-dlq') || name === `${prefixOf(stage)}${STREAM_FAILURES}`);

/**
 * Accepts `payments`, `payments-dlq`, `orderly-<stage>-payments-dlq`, `events-publisher-failures` (or `events-publisher`)
 * and names the dead-letter queue and its source. Anything that is not a dead-letter queue is a usage error.
 */
export const deadLetterQueueName = (stage: string, given: string): DeadLetterQueueName => {
  const prefix = prefixOf(stage);
  let short = given.startsWith(prefix) ? given.slice(prefix.length) : given;
  if (given.startsWith('orderly-') && !given.startsWith(prefix)) throw new UsageError(`${given} does not belong to stage ${stage}`);
  if (short === 'events-publisher' || short === STREAM_FAILURES) return { name: `${prefix}${STREAM_FAILURES}`, source: undefined };
  if (short.endsWith('-dlq')) short = short.slice(0, -'-dlq'.length);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(short)) throw new UsageError(`${given} is not a queue name`);
  return { name: `${prefix}${short}-dlq`, source: `${prefix}${short}` };
};

export const queueUrlOf = async (sqs: SQSClient, name: string): Promise<string> => {
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (!QueueUrl) throw new QueueNotFoundError(`queue ${name} has no URL`);
    return QueueUrl;
  } catch (error) {
    if (error instanceof QueueDoesNotExist || (error as Error).name === 'AWS.SimpleQueueService.NonExistentQueue') {
      throw new QueueNotFoundError(`queue ${name} does not exist (try \`npm run dlq -- list\`)`, { cause: error });
    }
    throw error;
  }
};

export interface DeadLetterQueueDepth extends DeadLetterQueueName {
  url: string;
  /** ApproximateNumberOfMessages: waiting to be looked at or redriven. */
  messages: number;
  /** ApproximateNumberOfMessagesNotVisible: received by someone (a peek or redrive in progress) and not yet back. */
  inFlight: number;
}

/** Every dead-letter queue of the stage, with its depth, sorted by name. */
export const listDeadLetterQueues = async (sqs: SQSClient, stage: string): Promise<DeadLetterQueueDepth[]> => {
  const urls: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefixOf(stage), MaxResults: 1000, NextToken: nextToken }));
    urls.push(...(page.QueueUrls ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  const dlqs = urls.map((url) => ({ url, name: url.split('/').pop() ?? url })).filter(({ name }) => isDeadLetterQueueName(stage, name));
  const depths = await Promise.all(
    dlqs.map(async ({ url, name }) => {
      const { Attributes: attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return {
        ...deadLetterQueueName(stage, name),
        url,
        messages: Number(attributes.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    }),
  );
  return depths.sort((a, b) => a.name.localeCompare(b.name));
};
