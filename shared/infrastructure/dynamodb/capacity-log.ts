import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { logger } from '#shared/observability/index.ts';

const CAPACITY_COMMANDS = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
  'TransactGetItemsCommand',
]);

type Consumed = { CapacityUnits?: number; TableName?: string };

/** Sums capacity over single and multi-table answers (batch and transaction calls return a list). */
export const totalCapacity = (consumed: Consumed | Consumed[] | undefined): number =>
  (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);

/**
 * Asks every data call for its consumed capacity and logs it with the latency (debug); a call slower than
 * `slowMs` is a warning. This is the slow-query log of the article, per repository call.
 */
export const logCapacity = (client: DynamoDBClient, { slowMs }: { slowMs: number }): void => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!CAPACITY_COMMANDS.has(context.commandName ?? '')) return next(args);
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const started = performance.now();
      const result = await next(args);
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      const capacityUnits = totalCapacity((result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity);
      const entry = { command: context.commandName, capacityUnits, latencyMs };
      if (latencyMs > slowMs) logger.warn('slow dynamodb call', entry);
      else logger.debug('dynamodb call', entry);
      return result;
    },
    { step: 'initialize', name: 'orderlyCapacityLog' },
  );
};
