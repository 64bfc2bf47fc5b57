import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBatch } from '#shared/domain/ledger/batch.ts';
import type { LedgerEvent } from '#shared/domain/ledger/ports.ts';
import { chainedOrderEvents, ledgerRepositoryContract } from '#shared/domain/ledger/testing/ledger-repository.contract.ts';
import type { OrderEvent } from '#shared/domain/orders/order.ts';
import { ledgerIntakeCheckpointKey, ORDER_LEDGER_LAG_MS, orderEventKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { toEventItem } from '#shared/infrastructure/orders/order-items.ts';
import { privateTable } from '../../../tests/support/integration.ts';
import { dynamoLedgerRepository } from './dynamo-ledger-repository.ts';

// The ledger partition, its intake checkpoint and the unsequenced-event index are global to a table, so each suite
// here gets its own table: other integration files write order events into the shared one at the same time.
let table: Awaited<ReturnType<typeof privateTable>>;
beforeAll(async () => {
  table = await privateTable('orderly-ledger');
});
afterAll(() => table.remove());

/** Stores the event exactly as the event store does (order-items.ts `toEventItem`): the first in the order ledger, later ones in the unsequenced index. */
const storeEvent = async (target: { client: typeof table.client; tableName: string }, event: LedgerEvent) => {
  const orderEvent = { ...event, eventId: ulid(), correlationId: 'contract' } as unknown as OrderEvent;
  await target.client.send(
    new PutCommand({
      TableName: target.tableName,
      Item: toEventItem(orderEvent, { version: event.version, hash: event.hash!, prevHash: event.prevHash! }),
    }),
  );
};

ledgerRepositoryContract('dynamoLedgerRepository', async () => ({
  repo: dynamoLedgerRepository(table),
  addEvent: (event) => storeEvent(table, event),
}));

describe('the anchor worker intake of first events (a walk of the order ledger from a checkpoint)', () => {
  let own: Awaited<ReturnType<typeof privateTable>>;
  beforeAll(async () => {
    own = await privateTable('orderly-ledger-intake');
  });
  afterAll(() => own.remove());

  let counter = 0;
  const place = async (at: number, events = 1) => {
    counter += 1;
    const orderId = `01JINTAKE${String(counter).padStart(4, '0')}${ulid().slice(13)}`;
    for (const event of chainedOrderEvents(orderId, events, at)) await storeEvent(own, event);
    return orderId;
  };
  const checkpoint = async () =>
    (await own.client.send(new GetCommand({ TableName: own.tableName, Key: ledgerIntakeCheckpointKey(), ConsistentRead: true }))).Item
      ?.position as string | undefined;
  const sealAll = async (repo: ReturnType<typeof dynamoLedgerRepository>) => {
    const head = await repo.head();
    const events = await repo.unsequenced(1000);
    if (events.length === 0) return events;
    const batch = newBatch(head, events, new Date().toISOString());
    await repo.sealBatch(batch, head);
    await repo.assignEvents(batch);
    return events;
  };

  it('finds a first event in no unsequenced index, passes it once in a batch, and starts the next read there', async () => {
    const now = Date.parse('2026-06-01T12:00:00.000Z');
    const repo = dynamoLedgerRepository({ ...own, clock: { now: () => new Date(now) } });
    const old = await place(now - 10 * 60_000, 2);
    const stored = await own.client.send(new GetCommand({ TableName: own.tableName, Key: orderEventKey(old, 1) }));
    expect(stored.Item?.GSI1PK).toBeUndefined();

    expect((await sealAll(repo)).map((event) => `${event.orderId}#${event.version}`)).toEqual([`${old}#1`, `${old}#2`]);
    expect(await repo.unsequenced(10)).toEqual([]);
    expect(await checkpoint()).toMatch(new RegExp(`#${old}$`));

    const next = await place(now - 5 * 60_000);
    expect((await repo.unsequenced(10)).map((event) => event.orderId)).toEqual([next]);
    expect(await repo.oldestUnsequencedAt()).toBe(new Date(now - 5 * 60_000).toISOString());
  });

  it('never passes an unsequenced first event, nor a position closer to the clock than the lag', async () => {
    const now = Date.parse('2026-06-02T12:00:00.000Z');
    const repo = dynamoLedgerRepository({ ...own, clock: { now: () => new Date(now) } });
    await sealAll(repo);
    await repo.unsequenced(10);
    const before = await checkpoint();
    const recent = await place(now - ORDER_LEDGER_LAG_MS / 2);
    await sealAll(repo);
    await repo.unsequenced(10);

    // Sequenced, but within the lag: a late entry could still turn up before it, so the checkpoint stays behind.
    expect(await checkpoint()).toBe(before);
    const late = await place(now - (ORDER_LEDGER_LAG_MS * 3) / 4);
    expect((await repo.unsequenced(10)).map((event) => event.orderId)).toEqual([late]);
    expect(recent).not.toBe(late);
  });

  it('stops at a first event not in a batch, even with later ones in a batch, and passes both once it is', async () => {
    const now = Date.parse('2026-06-03T12:00:00.000Z');
    const repo = dynamoLedgerRepository({ ...own, clock: { now: () => new Date(now) } });
    await sealAll(repo);
    const waiting = await place(now - 10 * 60_000);
    const after = await place(now - 9 * 60_000);
    const head = await repo.head();
    // `after` goes into a batch alone: `waiting` blocks the checkpoint, which must not pass it.
    const batch = newBatch(
      head,
      (await repo.unsequenced(10)).filter((event) => event.orderId === after),
      new Date().toISOString(),
    );
    await repo.sealBatch(batch, head);
    await repo.assignEvents(batch);

    expect((await repo.unsequenced(10)).map((event) => event.orderId)).toEqual([waiting]);
    expect(await checkpoint()).not.toMatch(new RegExp(`#${after}$`));

    await sealAll(repo);
    await repo.unsequenced(10);
    expect(await checkpoint()).toMatch(new RegExp(`#${after}$`));
  });

  it('takes a first event written before the walk (in the order ledger and the unsequenced index) once', async () => {
    const now = Date.parse('2026-06-04T12:00:00.000Z');
    const repo = dynamoLedgerRepository({ ...own, clock: { now: () => new Date(now) } });
    await sealAll(repo);
    const old = await place(now - 10 * 60_000);
    const at = new Date(now - 10 * 60_000).toISOString();
    await own.client.send(
      new UpdateCommand({
        TableName: own.tableName,
        Key: orderEventKey(old, 1),
        UpdateExpression: 'SET GSI1PK = :pk, GSI1SK = :sk',
        ExpressionAttributeValues: { ':pk': 'LEDGER#UNSEQUENCED', ':sk': `${at}#${old}#0000000001` },
      }),
    );

    expect((await repo.unsequenced(10)).map((event) => `${event.orderId}#${event.version}`)).toEqual([`${old}#1`]);
    await sealAll(repo);
    expect(await repo.unsequenced(10)).toEqual([]);
    expect(await repo.oldestUnsequencedAt()).toBeNull();
  });

  it('neither takes nor waits for a first event written before the ledger (no hash)', async () => {
    const now = Date.parse('2026-06-05T12:00:00.000Z');
    const repo = dynamoLedgerRepository({ ...own, clock: { now: () => new Date(now) } });
    await sealAll(repo);
    const preLedger = await place(now - 10 * 60_000);
    await own.client.send(
      new UpdateCommand({
        TableName: own.tableName,
        Key: orderEventKey(preLedger, 1),
        UpdateExpression: 'REMOVE #hash, prevHash',
        ExpressionAttributeNames: { '#hash': 'hash' },
      }),
    );
    const after = await place(now - 9 * 60_000);

    expect((await repo.unsequenced(10)).map((event) => event.orderId)).toEqual([after]);
    expect(await repo.oldestUnsequencedAt()).toBe(new Date(now - 9 * 60_000).toISOString());
    await sealAll(repo);
    await repo.unsequenced(10);
    expect(await checkpoint()).toMatch(new RegExp(`#${after}$`));
  });
});
