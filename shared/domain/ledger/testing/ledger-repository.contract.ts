import { keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { newBatch } from '../batch.ts';
import { chainLinks } from '../hash-chain.ts';
import { ConcurrentLedgerError, type LedgerEvent, type LedgerEventReader, type LedgerRepository } from '../ports.ts';

export interface LedgerUnderTest {
  repo: LedgerRepository & LedgerEventReader;
  /** Stores an order event as the event store does: hash-chained and listed as unsequenced. */
  addEvent(event: LedgerEvent): Promise<void>;
}

let counter = 0;

/** An order's first `count` events (OrderPlaced, then OrderPaid), 1 ms apart from `at`, hash-chained, in no batch. */
export const chainedOrderEvents = (orderId: string, count: number, at: number): LedgerEvent[] => {
  const raw = Array.from({ length: count }, (_, index) => ({
    orderId,
    version: index + 1,
    type: index === 0 ? 'OrderPlaced' : 'OrderPaid',
    occurredAt: new Date(at + index).toISOString(),
    data: index === 0 ? { customerId: 'C' } : {},
  }));
  return chainLinks(raw).map((link, index) => ({
    ...raw[index]!,
    hash: link.hash,
    prevHash: link.prevHash,
    seq: undefined,
    batchId: undefined,
  }));
};

/** The behaviour every LedgerRepository keeps; run against the in-memory fake and the DynamoDB adapter. */
export const ledgerRepositoryContract = (name: string, fresh: () => Promise<LedgerUnderTest>) => {
  describe(`${name} (ledger repository contract)`, () => {
    const placeOrder = async (under: LedgerUnderTest, events: number, at = Date.parse('2026-03-01T10:00:00.000Z')) => {
      counter += 1;
      const orderId = `01JLEDGERCONTRACT${String(counter).padStart(5, '0')}${String(Date.now() % 10_000).padStart(4, '0')}`;
      for (const event of chainedOrderEvents(orderId, events, at)) await under.addEvent(event);
      return orderId;
    };

    it('gives the lease to one owner at a time until it is released or expires', async () => {
      const { repo } = await fresh();
      const now = new Date();

      expect(await repo.acquireLease('a', now, 1000)).toBe(true);
      expect(await repo.acquireLease('b', now, 1000)).toBe(false);
      expect(await repo.acquireLease('b', new Date(now.getTime() + 1001), 1000)).toBe(true);
      await repo.releaseLease('a');
      expect(await repo.acquireLease('a', now, 1000)).toBe(false);
      await repo.releaseLease('b');
      expect(await repo.acquireLease('a', now, 1000)).toBe(true);
      await repo.releaseLease('a');
    });

    it('lists unsequenced events oldest first, seals them into a batch and marks them with seq and batch id', async () => {
      const under = await fresh();
      const { repo } = under;
      const older = await placeOrder(under, 2, Date.parse('2020-01-01T00:00:00.000Z'));
      await placeOrder(under, 1, Date.parse('2020-01-01T00:00:01.000Z'));

      const waiting = (await repo.unsequenced(10)).filter((event) => event.occurredAt.startsWith('2020'));
      expect(waiting.map((event) => event.occurredAt)).toEqual([
        '2020-01-01T00:00:00.000Z',
        '2020-01-01T00:00:00.001Z',
        '2020-01-01T00:00:01.000Z',
      ]);
      expect(await repo.oldestUnsequencedAt()).toBe('2020-01-01T00:00:00.000Z');

      const head = await repo.head();
      const batch = newBatch(head, waiting, new Date().toISOString());
      await repo.sealBatch(batch, head);
      expect(await repo.head()).toEqual({ nextSeq: head.nextSeq + 3, nextBatchId: head.nextBatchId + 1 });
      expect((await repo.getBatch(batch.batchId))?.status).toBe('sealing');
      await repo.assignEvents(batch);
      await repo.assignEvents(batch);

      expect(await repo.getBatch(batch.batchId)).toMatchObject({
        status: 'pending',
        hashes: batch.hashes,
        events: batch.events,
        root: batch.root,
        leaves: 3,
      });
      expect((await repo.eventsOf(older)).map((event) => [event.seq, event.batchId])).toEqual([
        [head.nextSeq, batch.batchId],
        [head.nextSeq + 1, batch.batchId],
      ]);
      expect((await repo.unsequenced(1000)).some((event) => event.orderId === older)).toBe(false);
      expect((await repo.unconfirmedBatches()).map((candidate) => candidate.batchId)).toContain(batch.batchId);
    });

    it('refuses to seal against a head that moved', async () => {
      const under = await fresh();
      await placeOrder(under, 1);
      const head = await under.repo.head();
      const events = await under.repo.unsequenced(1);
      await under.repo.sealBatch(newBatch(head, events, new Date().toISOString()), head);

      await expect(under.repo.sealBatch(newBatch(head, events, new Date().toISOString()), head)).rejects.toThrow(ConcurrentLedgerError);
    });

    it('records sends, confirms, un-anchors after a reorg, and lists batches newest first', async () => {
      const under = await fresh();
      await placeOrder(under, 2);
      const head = await under.repo.head();
      const batch = newBatch(head, await under.repo.unsequenced(2), new Date().toISOString());
      await under.repo.sealBatch(batch, head);
      await under.repo.assignEvents(batch);
      const sent = { txHash: keccak256(toHex(`tx-${counter}`)), nonce: 3, gas: 70_000n, maxFeePerGas: 3n, maxPriorityFeePerGas: 1n };
      const replacement = { ...sent, txHash: keccak256(toHex(`tx2-${counter}`)), maxFeePerGas: 4n };

      await under.repo.recordSent(batch.batchId, sent, '2026-03-01T10:00:01.000Z');
      await under.repo.recordSent(batch.batchId, replacement, '2026-03-01T10:00:31.000Z');
      expect(await under.repo.getBatch(batch.batchId)).toMatchObject({
        tx: replacement,
        txHashes: [sent.txHash, replacement.txHash],
        sentAt: '2026-03-01T10:00:31.000Z',
      });

      const blockHash = keccak256(toHex(`block-${counter}`));
      await under.repo.markConfirmed(batch.batchId, {
        txHash: sent.txHash,
        blockNumber: 1_000_000 + counter,
        blockHash,
        confirmedAt: '2026-03-01T10:00:40.000Z',
      });
      expect(await under.repo.getBatch(batch.batchId)).toMatchObject({
        status: 'confirmed',
        blockNumber: 1_000_000 + counter,
        blockHash,
        tx: { ...replacement, txHash: sent.txHash },
      });
      expect((await under.repo.confirmedFrom(1_000_000 + counter)).map((found) => found.batchId)).toEqual([batch.batchId]);
      expect((await under.repo.unconfirmedBatches()).map((found) => found.batchId)).not.toContain(batch.batchId);

      const page = await under.repo.listBatches(1);
      expect(page.items[0]).toMatchObject({ batchId: batch.batchId, status: 'confirmed', leaves: 2 });

      await under.repo.markUnanchored(batch.batchId);
      expect(await under.repo.getBatch(batch.batchId)).toMatchObject({
        status: 'pending',
        tx: null,
        blockNumber: null,
        txHashes: [sent.txHash, replacement.txHash],
      });
      expect((await under.repo.unconfirmedBatches()).map((found) => found.batchId)).toContain(batch.batchId);
    });

    it('keeps the listener checkpoint', async () => {
      const { repo } = await fresh();
      const checkpoint = { blockNumber: 42, blockHash: keccak256('0x42') };

      await repo.saveCheckpoint(checkpoint);

      expect(await repo.checkpoint()).toEqual(checkpoint);
    });

    it('reads an order chain as stored and an unknown order as empty', async () => {
      const under = await fresh();
      const orderId = await placeOrder(under, 3);

      expect((await under.repo.eventsOf(orderId)).map((event) => event.version)).toEqual([1, 2, 3]);
      expect(await under.repo.eventsOf('01JNOSUCHORDER00000000000')).toEqual([]);
    });
  });
};
