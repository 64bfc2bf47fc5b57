import { describe, expect, it } from 'vitest';
import { ChainUnavailableError } from '#shared/domain/ledger/ports.ts';
import { merkleBatch } from '#shared/domain/ledger/merkle.ts';
import { verifyProof } from '#shared/domain/ledger/verify-proof.ts';
import { anchorEvents } from './anchor-events.ts';
import { getOrderProof } from './get-order-proof.ts';
import { listenAnchors } from './listen-anchors.ts';
import { ledgerFixture } from './testing/ledger-fixture.ts';

const worker = { owner: 'run-1' };
const admin = { userId: 'ADMIN', roles: ['admin'] };

describe('the anchor worker', () => {
  it('sends nothing in an empty interval', async () => {
    const { anchorDeps, chain, ages } = ledgerFixture();

    expect(await anchorEvents(anchorDeps, worker)).toEqual({ action: 'idle' });
    expect(chain.sentCount).toBe(0);
    expect(ages).toEqual([0]);
  });

  it('seals every unsequenced event hash into one batch, numbers them and anchors its root', async () => {
    const { anchorDeps, ledger, chain, placeOrder } = ledgerFixture();
    placeOrder(3);
    placeOrder(2);

    const outcome = await anchorEvents(anchorDeps, worker);

    expect(outcome).toMatchObject({ action: 'sent', batchId: 1, events: 5 });
    const batch = ledger.batches.get(1)!;
    expect(batch).toMatchObject({ fromSeq: 1, toSeq: 5, status: 'pending', root: merkleBatch(batch.hashes).root });
    expect(await chain.rootOf(1)).toBe(batch.root);
    const sequenced = [...ledger.orders.values()]
      .flat()
      .map((event) => event.seq)
      .sort();
    expect(sequenced).toEqual([1, 2, 3, 4, 5]);
    expect(await anchorEvents(anchorDeps, worker)).toEqual({ action: 'idle' });
    expect(chain.sentCount).toBe(1);
  });

  it('caps a batch at maxBatchSize and carries on from the next sequence number', async () => {
    const { anchorDeps, ledger, placeOrder } = ledgerFixture();
    for (let order = 0; order < 4; order += 1) placeOrder(3);
    anchorDeps.settings.maxBatchSize = 5;

    await anchorEvents(anchorDeps, worker);
    await anchorEvents(anchorDeps, worker);
    await anchorEvents(anchorDeps, worker);

    expect([...ledger.batches.values()].map(({ fromSeq, toSeq }) => [fromSeq, toSeq])).toEqual([
      [1, 5],
      [6, 10],
      [11, 12],
    ]);
  });

  it('does nothing while another run holds the lease', async () => {
    const { anchorDeps, ledger, chain, placeOrder, clock } = ledgerFixture();
    placeOrder();
    await ledger.acquireLease('run-0', clock.now(), 60_000);

    expect(await anchorEvents(anchorDeps, worker)).toEqual({ action: 'busy' });
    expect(chain.sentCount).toBe(0);
  });

  it('keeps one anchor in flight, then replaces it when stuck with the same nonce at higher fees', async () => {
    const { anchorDeps, listenDeps, ledger, chain, placeOrder, advance } = ledgerFixture();
    chain.automine = false;
    placeOrder();
    const first = await anchorEvents(anchorDeps, worker);
    placeOrder();

    advance(10_000);
    expect(await anchorEvents(anchorDeps, worker)).toMatchObject({ action: 'waiting', batchId: 1 });
    advance(30_000);
    const replaced = await anchorEvents(anchorDeps, worker);

    expect(replaced).toMatchObject({ action: 'replaced', batchId: 1 });
    const batch = ledger.batches.get(1)!;
    expect(batch.tx!.nonce).toBe(0);
    expect(batch.tx!.maxFeePerGas).toBe(2_500_000_000n);
    expect(batch.txHashes).toEqual([first.action === 'sent' ? first.txHash : '', batch.tx!.txHash]);
    chain.mine(3);
    expect(await anchorEvents(anchorDeps, worker)).toMatchObject({ action: 'sent', batchId: 2 });
    chain.mine(3);
    expect((await listenAnchors(listenDeps)).confirmed).toEqual([1, 2]);
    expect(ledger.batches.get(1)!.tx!.txHash).toBe(batch.tx!.txHash);
  });

  it('sends a dropped anchor again', async () => {
    const { anchorDeps, ledger, chain, placeOrder } = ledgerFixture();
    chain.automine = false;
    placeOrder();
    const sent = await anchorEvents(anchorDeps, worker);
    chain.drop(ledger.batches.get(1)!.tx!.txHash);

    const again = await anchorEvents(anchorDeps, worker);

    expect(again).toMatchObject({ action: 'sent', batchId: 1 });
    expect(again).not.toEqual(sent);
  });

  it('keeps reporting the unanchored age while the node is down, and catches up in one batch when it returns', async () => {
    const { anchorDeps, listenDeps, ledger, chain, placeOrder, advance, ages } = ledgerFixture();
    chain.down = true;
    placeOrder(2);
    await expect(anchorEvents(anchorDeps, worker)).rejects.toThrow(ChainUnavailableError);
    advance(30_000);
    placeOrder(2);
    await expect(anchorEvents(anchorDeps, worker)).rejects.toThrow(ChainUnavailableError);

    chain.down = false;
    const outcome = await anchorEvents(anchorDeps, worker);
    chain.mine(2);
    await listenAnchors(listenDeps);

    expect(ages.slice(0, 2)).toEqual([2, 32]);
    expect(outcome).toMatchObject({ action: 'sent', events: 4 });
    expect(ledger.batches.get(1)!.status).toBe('confirmed');
    // Sealed before the outage ended, anchored once: no batch was ever built twice.
    expect(ledger.batches.size).toBe(1);
  });

  it('finishes sealing a batch a crashed run left half-assigned before anything else', async () => {
    const { anchorDeps, ledger, chain, placeOrder, clock } = ledgerFixture();
    placeOrder(2);
    const head = await ledger.head();
    const { newBatch } = await import('#shared/domain/ledger/batch.ts');
    await ledger.sealBatch(newBatch(head, await ledger.unsequenced(10), clock.now().toISOString()), head);

    expect(await anchorEvents(anchorDeps, worker)).toMatchObject({ action: 'sent', batchId: 1, events: 2 });
    expect(ledger.batches.get(1)!.status).toBe('pending');
    expect(await chain.nextSeq()).toBe(3);
  });

  it('reports a conflict when the contract expects another sequence number than the table', async () => {
    const { anchorDeps, chain, placeOrder } = ledgerFixture();
    await chain.sendAnchor({ root: `0x${'cd'.repeat(32)}`, fromSeq: 1, toSeq: 7 });
    placeOrder(1);

    expect(await anchorEvents(anchorDeps, worker)).toMatchObject({
      action: 'conflict',
      detail: expect.stringMatching(/expects sequence 8 next, the table 1/),
    });
  });

  it('reports a conflict instead of anchoring when the chain holds another root for the batch', async () => {
    const { anchorDeps, ledger, chain, placeOrder } = ledgerFixture();
    placeOrder(1);
    await anchorEvents(anchorDeps, worker);
    // The table's batch was rewritten after it was anchored.
    await ledger.markUnanchored(1);
    Object.assign(ledger.batches.get(1)!, { root: `0x${'ab'.repeat(32)}`, txHashes: [] });

    expect(await anchorEvents(anchorDeps, worker)).toMatchObject({ action: 'conflict', batchId: 1 });
    expect(chain.sentCount).toBe(1);
  });
});

describe('the listener', () => {
  it('confirms a batch only once its anchor is `confirmations` blocks deep, and moves its checkpoint', async () => {
    const { anchorDeps, listenDeps, ledger, chain, placeOrder } = ledgerFixture();
    placeOrder();
    await anchorEvents(anchorDeps, worker);

    expect((await listenAnchors(listenDeps)).confirmed).toEqual([]);
    chain.mine(2);
    const outcome = await listenAnchors(listenDeps);

    expect(outcome.confirmed).toEqual([1]);
    expect(ledger.batches.get(1)).toMatchObject({ status: 'confirmed', blockNumber: 1 });
    expect(await ledger.checkpoint()).toEqual({ blockNumber: 1, blockHash: await chain.blockHash(1) });
    expect((await listenAnchors(listenDeps)).confirmed).toEqual([]);
  });

  it('moves a reorganised batch back to pending; the worker anchors it again and proofs verify afterwards', async () => {
    const { anchorDeps, listenDeps, ledger, chain, placeOrder } = ledgerFixture();
    const orderId = placeOrder(3);
    const snapshot = chain.snapshot();
    await anchorEvents(anchorDeps, worker);
    chain.mine(3);
    expect((await listenAnchors(listenDeps)).confirmed).toEqual([1]);

    chain.revert(snapshot);
    chain.mine(5);
    const reorg = await listenAnchors(listenDeps);

    expect(reorg.reorged).toEqual([1]);
    expect(ledger.batches.get(1)).toMatchObject({ status: 'pending', tx: null });
    expect(await anchorEvents(anchorDeps, worker)).toMatchObject({ action: 'sent', batchId: 1 });
    chain.mine(2);
    expect((await listenAnchors(listenDeps)).confirmed).toEqual([1]);
    const proof = await getOrderProof({ events: ledger, ledger, chainId: chain.chainId, contract: chain.contract }, admin, orderId);
    expect((await verifyProof(proof, (batchId) => chain.rootOf(batchId))).every((verdict) => verdict.ok)).toBe(true);
    expect(chain.sentCount).toBe(2);
  });

  it('reports a log that does not match the table as a conflict and confirms nothing', async () => {
    const { anchorDeps, listenDeps, ledger, chain, placeOrder } = ledgerFixture();
    placeOrder();
    await anchorEvents(anchorDeps, worker);
    chain.mine(2);
    ledger.batches.get(1)!.toSeq = 99;

    const outcome = await listenAnchors(listenDeps);

    expect(outcome.conflicts).toEqual([expect.stringMatching(/Anchored batch 1 .* does not match the table/)]);
    expect(outcome.confirmed).toEqual([]);
  });
});
