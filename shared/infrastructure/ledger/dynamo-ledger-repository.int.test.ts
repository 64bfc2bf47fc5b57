import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, inject } from 'vitest';
import { ledgerRepositoryContract } from '#shared/domain/ledger/testing/ledger-repository.contract.ts';
import { orderEventKey, stamp, unsequencedEventIndexKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { dynamoLedgerRepository } from './dynamo-ledger-repository.ts';

// The ledger partition and the unsequenced-event index are global to a table, so this file gets its own table:
// other integration files write order events into the shared one at the same time.
const env = inject('localEnv');
const raw = new DynamoDBClient({
  region: env.AWS_REGION,
  endpoint: env.DYNAMODB_ENDPOINT,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
const tableName = `orderly-ledger-${ulid().toLowerCase()}`;
const key = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
const index = (name: string) => ({
  IndexName: name,
  KeySchema: [
    { AttributeName: `${name}PK`, KeyType: 'HASH' as const },
    { AttributeName: `${name}SK`, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

beforeAll(async () => {
  await raw.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'].map(key),
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [index('GSI1'), index('GSI2')],
    }),
  );
});
afterAll(async () => {
  await raw.send(new DeleteTableCommand({ TableName: tableName }));
  raw.destroy();
});

ledgerRepositoryContract('dynamoLedgerRepository', async () => ({
  repo: dynamoLedgerRepository({ client, tableName }),
  addEvent: async (event) => {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...orderEventKey(event.orderId, event.version),
          ...stamp('OrderEvent'),
          ...unsequencedEventIndexKey(event.occurredAt, event.orderId, event.version),
          eventId: ulid(),
          orderId: event.orderId,
          version: event.version,
          type: event.type,
          occurredAt: event.occurredAt,
          correlationId: 'contract',
          data: event.data,
          hash: event.hash,
          prevHash: event.prevHash,
        },
      }),
    );
  },
}));
