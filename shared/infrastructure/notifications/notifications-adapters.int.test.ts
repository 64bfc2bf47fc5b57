import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionStoreContract } from '#shared/domain/notifications/testing/connection-store.contract.ts';
import { ticketStoreContract } from '#shared/domain/notifications/testing/ticket-store.contract.ts';
import { newConnection } from '#shared/domain/notifications/connection.ts';
import { localDynamo } from '../../../tests/support/integration.ts';
import { chainLinks } from '#shared/domain/ledger/hash-chain.ts';
import { toEventItem } from '#shared/infrastructure/orders/order-items.ts';
import { connectionKey, connectionSlotsKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { dynamoConnectionStore } from './dynamo-connection-store.ts';
import { dynamoOrderHistory } from './dynamo-order-history.ts';
import { dynamoTicketStore } from './dynamo-ticket-store.ts';

const { client, tableName } = localDynamo();
// The stage ceiling is one counter per table: its test gets a table of its own so parallel tests cannot move it.
const ceilingTable = `orderly-ceiling-${ulid().toLowerCase()}`;
const index = (name: string) => ({
  IndexName: name,
  KeySchema: [
    { AttributeName: `${name}PK`, KeyType: 'HASH' as const },
    { AttributeName: `${name}SK`, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

beforeAll(async () => {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  await client.send(
    new CreateTableCommand({
      TableName: ceilingTable,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: Table!.AttributeDefinitions,
      KeySchema: Table!.KeySchema,
      GlobalSecondaryIndexes: [index('GSI1'), index('GSI2')],
    }),
  );
});
afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: ceilingTable }));
  client.destroy();
});

ticketStoreContract('dynamoTicketStore', () => dynamoTicketStore({ client, tableName }));
connectionStoreContract(
  'dynamoConnectionStore',
  () => dynamoConnectionStore({ client, tableName }),
  () => dynamoConnectionStore({ client, tableName: ceilingTable }),
);

describe('the notifications items in the table', () => {
  it('stores a ticket under its hash only, with a TTL a minute ahead', async () => {
    const store = dynamoTicketStore({ client, tableName });
    const ticket = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
    const expiresAt = new Date(Date.now() + 60_000);

    await store.save(ticket, { userId: 'u-1', roles: ['customer'] }, expiresAt);

    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(ticket).digest('base64url');
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { PK: `TICKET#${hash}`, SK: 'TICKET' } }));
    expect(Item).toMatchObject({ entity: 'Ticket', userId: 'u-1', roles: ['customer'], expiresAt: Math.floor(expiresAt.getTime() / 1000) });
    expect(JSON.stringify(Item)).not.toContain(ticket);
  });

  it('stores one item per connection with its user index key and a two-hour TTL, and a slots item per user', async () => {
    const store = dynamoConnectionStore({ client, tableName });
    const now = new Date();
    const connection = newConnection(`c-${ulid()}`, { userId: `u-${ulid()}`, roles: ['customer'] }, now);

    await store.open(connection, { perUser: 5, stage: 1_000_000 }, now);

    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: connectionKey(connection.connectionId) }));
    expect(Item).toMatchObject({
      entity: 'Connection',
      GSI1PK: `USER#${connection.userId}`,
      GSI1SK: `CONN#${connection.connectionId}`,
      expiresAt: Math.floor(now.getTime() / 1000) + 7200,
    });
    const slots = await client.send(new GetCommand({ TableName: tableName, Key: connectionSlotsKey(connection.userId) }));
    expect(slots.Item?.slots).toEqual({ [connection.connectionId]: connection.expiresAt });
  });

  it('admits exactly the limit of many concurrent connections of one user', async () => {
    const store = dynamoConnectionStore({ client, tableName });
    const userId = `u-${ulid()}`;
    const now = new Date();

    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        store.open(newConnection(`c-${ulid()}-${i}`, { userId, roles: ['customer'] }, now), { perUser: 5, stage: 1_000_000 }, now),
      ),
    );

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
    expect(await store.listByUser(userId, now)).toHaveLength(5);
  });
});

describe('dynamoOrderHistory', () => {
  const history = dynamoOrderHistory({ client, tableName });
  const orderId = ulid();
  const meta = (version: number) => ({
    eventId: ulid(),
    orderId,
    version,
    occurredAt: `2026-12-01T10:00:0${version}Z`,
    correlationId: 'int',
  });

  beforeAll(async () => {
    const money = { amount: 100, currency: 'EUR' };
    const placed = {
      ...meta(1),
      type: 'OrderPlaced' as const,
      data: { customerId: 'cust-1', lines: [{ productId: 'p', name: 'P', quantity: 1, unitPrice: money, lineTotal: money }], total: money },
    };
    const paid = { ...meta(2), type: 'OrderPaid' as const, data: { amount: money } };
    const links = chainLinks([placed, paid]);
    for (const [index, event] of [placed, paid].entries()) {
      await client.send(new PutCommand({ TableName: tableName, Item: toEventItem(event, links[index]!) }));
    }
  });

  it.each([
    [1, { customerId: 'cust-1', status: 'PENDING_PAYMENT', paymentStatus: 'PENDING', version: 1 }],
    [2, { customerId: 'cust-1', status: 'PAID', paymentStatus: 'CAPTURED', version: 2 }],
    [3, undefined],
  ])('gives the order as it stood at version %s', async (version, expected) => {
    expect(await history.stateAt(orderId, version)).toEqual(expected);
  });
});
