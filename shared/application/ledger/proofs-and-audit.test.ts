import { describe, expect, it } from 'vitest';
import { NotFoundError } from '#shared/domain/errors.ts';
import { orderProofSchema } from '#shared/contracts/ledger-proof.ts';
import { eventHash } from '#shared/domain/ledger/hash-chain.ts';
import { verifyProof } from '#shared/domain/ledger/verify-proof.ts';
import { anchorEvents } from './anchor-events.ts';
import { auditLedger } from './audit-ledger.ts';
import { getOrderProof } from './get-order-proof.ts';
import { listAnchors } from './list-anchors.ts';
import { listenAnchors } from './listen-anchors.ts';
import { ledgerFixture } from './testing/ledger-fixture.ts';

const anchoredFixture = async () => {
  const fixture = ledgerFixture();
  const mine = fixture.placeOrder(3, 'CUSTOMER-A');
  const theirs = fixture.placeOrder(2, 'CUSTOMER-B');
  await anchorEvents(fixture.anchorDeps, { owner: 'run' });
  fixture.chain.mine(2);
  await listenAnchors(fixture.listenDeps);
  const proofDeps = { events: fixture.ledger, ledger: fixture.ledger, chainId: fixture.chain.chainId, contract: fixture.chain.contract };
  return { ...fixture, mine, theirs, proofDeps };
};

describe('order proofs', () => {
  it.each([
    ['the owner', { userId: 'CUSTOMER-A', roles: ['customer'] }],
    ['support', { userId: 'SUPPORT', roles: ['support'] }],
    ['an admin', { userId: 'ADMIN', roles: ['admin'] }],
  ])('gives %s a proof of every event that verifies against the chain', async (_who, actor) => {
    const { proofDeps, mine, chain } = await anchoredFixture();

    const proof = await getOrderProof(proofDeps, actor, mine);

    expect(orderProofSchema.parse(proof)).toEqual(proof);
    expect(proof.events.map((event) => [event.version, event.batchId, event.anchor?.status])).toEqual([
      [1, 1, 'confirmed'],
      [2, 1, 'confirmed'],
      [3, 1, 'confirmed'],
    ]);
    expect((await verifyProof(proof, (batchId) => chain.rootOf(batchId))).every((verdict) => verdict.ok)).toBe(true);
  });

  it.each([
    ['another customer', { userId: 'CUSTOMER-B', roles: ['customer'] }, 'mine'],
    ['anyone, for an order that does not exist', { userId: 'ADMIN', roles: ['admin'] }, 'ORDER-9999'],
  ] as const)('answers 404 to %s', async (_who, actor, which) => {
    const { proofDeps, mine } = await anchoredFixture();

    await expect(getOrderProof(proofDeps, actor, which === 'mine' ? mine : which)).rejects.toThrow(NotFoundError);
  });

  it('shows events not yet in a batch with null proof, batch, root and anchor', async () => {
    const { proofDeps, placeOrder } = await anchoredFixture();
    const fresh = placeOrder(1, 'CUSTOMER-A');

    const proof = await getOrderProof(proofDeps, { userId: 'CUSTOMER-A', roles: ['customer'] }, fresh);

    expect(proof.events[0]).toMatchObject({ seq: null, proof: null, batchId: null, root: null, anchor: null });
  });

  it('lists anchors newest first with a cursor', async () => {
    const { anchorDeps, ledger, placeOrder } = await anchoredFixture();
    placeOrder(1);
    await anchorEvents(anchorDeps, { owner: 'run' });

    const first = await listAnchors({ ledger }, { limit: 1 });
    const second = await listAnchors({ ledger }, { limit: 1, cursor: first.nextCursor! });

    expect(first.items).toEqual([expect.objectContaining({ batchId: 2, status: 'pending', leaves: 1, fromSeq: 6, toSeq: 6 })]);
    expect(second).toEqual({
      items: [expect.objectContaining({ batchId: 1, status: 'confirmed', leaves: 5, blockNumber: 1 })],
      nextCursor: null,
    });
  });
});

describe('the ledger audit', () => {
  it('finds nothing wrong in an intact ledger', async () => {
    const { ledger, chain } = await anchoredFixture();

    expect(await auditLedger({ events: ledger, ledger, chain })).toEqual({ orders: 2, events: 5, batches: 1, findings: [] });
  });

  it('names the order and version of an event edited in the table', async () => {
    const { ledger, mine } = await anchoredFixture();
    ledger.orders.get(mine)![1]!.data = { tampered: true };

    const report = await auditLedger({ events: ledger, ledger });

    expect(report.findings).toEqual([expect.objectContaining({ orderId: mine, version: 2, problem: 'hash-mismatch' })]);
  });

  it('catches an edit covered up by rehashing the whole chain, through the anchored batch', async () => {
    const { ledger, mine } = await anchoredFixture();
    const events = ledger.orders.get(mine)!;
    let previous = events[0]!.hash!;
    for (const event of events.slice(1)) {
      if (event.version === 2) event.data = { tampered: true };
      event.prevHash = previous;
      event.hash = eventHash(event, previous);
      previous = event.hash;
    }

    const findings = (await auditLedger({ events: ledger, ledger })).findings;

    expect(findings.map((finding) => 'orderId' in finding && [finding.version, finding.problem])).toEqual([
      [2, 'not-in-batch'],
      [3, 'not-in-batch'],
    ]);
  });

  it('reports a batch whose stored hashes no longer give its root', async () => {
    const { ledger, chain } = await anchoredFixture();
    const batch = ledger.batches.get(1)!;
    batch.hashes[0] = batch.hashes[1]!;

    const findings = (await auditLedger({ events: ledger, ledger, chain })).findings;

    expect(findings).toEqual(expect.arrayContaining([expect.objectContaining({ batchId: 1, problem: 'root-mismatch' })]));
  });
});
