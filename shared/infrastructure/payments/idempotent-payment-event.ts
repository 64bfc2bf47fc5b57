import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { singleTableIdempotencyStore } from '#shared/infrastructure/dynamodb/idempotency-store.ts';
import type { Context } from 'aws-lambda';

export interface IdempotentEventOptions {
  client: DynamoDBClient;
  tableName: string;
  /** The key prefix, e.g. the function's name. */
  name: string;
  /** How long a processed event id is remembered; 24 h by default (SQS redelivers far sooner). */
  expiresAfterSeconds?: number;
}

/**
 * Runs `handle` at most once per `eventId` (Powertools idempotency): a duplicate delivery returns the stored outcome
 * without running; a failure stores nothing, so SQS's redelivery runs it again; a duplicate arriving while the first
 * is still running fails with IdempotencyAlreadyInProgressError and is redelivered later.
 */
export const idempotentByEventId = <E extends { eventId: string }, A, R>(
  options: IdempotentEventOptions,
  handle: (event: E, extra: A) => Promise<R>,
) => {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'eventId',
    throwOnNoIdempotencyKey: true,
    hashFunction: 'sha256',
    expiresAfterSeconds: options.expiresAfterSeconds ?? 86_400,
  });
  const persistenceStore = singleTableIdempotencyStore(options.client, options.tableName);
  const run = makeIdempotent(handle, { persistenceStore, config, keyPrefix: options.name });
  /** `extra` reaches `handle` but is neither hashed nor stored (e.g. the invocation's deadline). */
  return (event: E, extra: A, lambdaContext?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<R> => {
    // Lets a record left in progress by a timed-out invocation be taken over once that invocation's time is up.
    if (lambdaContext) config.registerLambdaContext(lambdaContext as Context);
    return run(event, extra);
  };
};
