import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, DeleteQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import { inject } from 'vitest';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';

/** Endpoints and names of the emulators started by tests/setup/integration.ts. */
export const localEnv = () => inject('localEnv');

export const localDynamo = () => {
  const env = localEnv();
  return {
    client: createDynamoClient({
      region: env.AWS_REGION!,
      endpoint: env.DYNAMODB_ENDPOINT,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    tableName: env.TABLE_NAME!,
  };
};

/**
 * Fresh queues of a test's own, so what it looks for is not buried under other files' messages in the shared ones
 * (a receive returns at most 10, and the emulator hands out the same first 10 each time visibility is 0).
 */
export const privateQueues = async <Name extends string>(sqs: SQSClient, prefix: string, names: readonly Name[]) => {
  const urls = {} as Record<Name, string>;
  const run = ulid().slice(-10).toLowerCase();
  for (const [index, name] of names.entries()) {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-${index}-${run}` }));
    urls[name] = QueueUrl!;
  }
  return {
    urls,
    remove: () => Promise.all(Object.values<string>(urls).map((QueueUrl) => sqs.send(new DeleteQueueCommand({ QueueUrl })))),
  };
};

/**
 * A table of a test's own with the shared table's keys and indexes, for items that are global to a table (a
 * stage-wide counter, the ledger's partitions) and that other files write at the same time in the shared one.
 */
export const privateTable = async (prefix: string) => {
  const { client, tableName: shared } = localDynamo();
  const { Table } = await client.send(new DescribeTableCommand({ TableName: shared }));
  const tableName = `${prefix}-${ulid().toLowerCase()}`;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: Table!.AttributeDefinitions,
      KeySchema: Table!.KeySchema,
      GlobalSecondaryIndexes: Table!.GlobalSecondaryIndexes?.map(({ IndexName, KeySchema, Projection }) => ({
        IndexName,
        KeySchema,
        Projection,
      })),
    }),
  );
  return {
    client,
    tableName,
    remove: async () => {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
};
