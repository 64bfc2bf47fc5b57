import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyKeyError,
  IdempotencyPersistenceLayerError,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { singleTableIdempotencyStore } from '#shared/infrastructure/dynamodb/idempotency-store.ts';
import type { Context } from 'aws-lambda';
import type { PlaceOrderInput } from '#shared/application/orders/place-order.ts';
import { ConflictError, UnavailableError, UnprocessableError, ValidationError } from '#shared/domain/errors.ts';
import { canonicalOrder, type Order } from '#shared/domain/orders/order.ts';

export interface IdempotentPlaceInput extends PlaceOrderInput {
  /** The client's Idempotency-Key header. */
  idempotencyKey: string;
}

export interface IdempotencyOptions {
  client: DynamoDBClient;
  tableName: string;
  /** How long a key answers with the first response; 24 h by default. */
  expiresAfterSeconds?: number;
}

const translate = (error: unknown): unknown => {
  if (error instanceof IdempotencyValidationError)
    return new UnprocessableError('This Idempotency-Key was already used with a different request body.', { cause: error });
  if (error instanceof IdempotencyAlreadyInProgressError)
    return new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly.', {
      retryAfterSeconds: 1,
      cause: error,
    });
  if (error instanceof IdempotencyKeyError)
    return new ValidationError('Idempotency-Key is required.', {
      cause: error,
      issues: [{ path: 'headers.idempotency-key', message: 'Required' }],
    });
  if (error instanceof IdempotencyPersistenceLayerError)
    return new UnavailableError('Could not record the request; retry with the same Idempotency-Key.', {
      retryAfterSeconds: 1,
      cause: error,
    });
  return error;
};

/**
 * Wraps placing with Powertools idempotency in the single table. The key is the caller's id plus the
 * Idempotency-Key header (so two customers never share a key); the body is hashed for validation, so the same key
 * with another body is 422. A success is stored and replayed as the same order; a failure is not stored.
 */
export const idempotentPlaceOrder = (options: IdempotencyOptions, place: (input: PlaceOrderInput) => Promise<Order>) => {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'scope',
    payloadValidationJmesPath: 'body',
    throwOnNoIdempotencyKey: true,
    hashFunction: 'sha256',
    expiresAfterSeconds: options.expiresAfterSeconds ?? 86_400,
  });
  const persistenceStore = singleTableIdempotencyStore(options.client, options.tableName);
  const run = makeIdempotent(async ({ input }: { scope: string; body: unknown; input: PlaceOrderInput }) => place(input), {
    persistenceStore,
    config,
    keyPrefix: 'placeOrder',
  });
  return async (
    { idempotencyKey, ...input }: IdempotentPlaceInput,
    lambdaContext?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<Order> => {
    // Lets a record left in progress by a timed-out invocation be taken over once that invocation's time is up.
    if (lambdaContext) config.registerLambdaContext(lambdaContext as Context);
    try {
      return canonicalOrder(await run({ scope: `${input.customerId}#${idempotencyKey}`, body: input.body, input }));
    } catch (error) {
      throw translate(error);
    }
  };
};
