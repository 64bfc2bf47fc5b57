import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll } from 'vitest';
import { ledgerRepositoryContract } from '#shared/domain/ledger/testing/ledger-repository.contract.ts';
import { orderEventKey, stamp, unsequencedEventIndexKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { privateTable } from '../../../tests/support/integration.ts';
import { dynamoLedgerRepository } from './dynamo-ledger-repository.ts';

// The ledger partition and the unsequenced-event index are global to a table, so this file gets its own table:
// other integration files write order events into the shared one at the same time.
let table: Awaited<ReturnType<typeof privateTable>>;
beforeAll(async () => {
  table = await privateTable('orderly-ledger');
});
afterAll(() => table.remove());

ledgerRepositoryContract('dynamoLedgerRepository', async () => ({
  repo: dynamoLedgerRepository(table),
  addEvent: async (event) => {
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
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
