import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { anchorEvents } from '#shared/application/ledger/anchor-events.ts';
import { getOrderProof } from '#shared/application/ledger/get-order-proof.ts';
import { listenAnchors } from '#shared/application/ledger/listen-anchors.ts';
import { placeOrder } from '#shared/application/orders/place-order.ts';
import { FakeAnchorChain } from '#shared/domain/ledger/testing/fake-anchor-chain.ts';
import { verifyProof } from '#shared/domain/ledger/verify-proof.ts';
import { localTable, putProduct } from '../../../tests/support/local-table.ts';
import { dynamoLedgerRepository } from './dynamo-ledger-repository.ts';

// Orders written by the real order repository, anchored through the DynamoDB ledger, proven and verified.
describe('an order proof from DynamoDB Local', () => {
  const table = localTable();
  const ledger = dynamoLedgerRepository({ client: table.client, tableName: table.tableName });

  it('anchors the hashes the order repository wrote and proves every event against the chain', async () => {
    const chain = new FakeAnchorChain();
    const product = await putProduct(table, { stock: 5 });
    const customerId = ulid();
    const order = await placeOrder(table.deps, {
      customerId,
      body: { lines: [{ productId: product.id, quantity: 1 }] },
      correlationId: 'int-proof',
    });
    const clock = { now: () => new Date() };

    // Other files' events share this table's ledger: this run anchors whatever is waiting, ours included.
    const outcome = await anchorEvents(
      { ledger, chain, clock, settings: { maxBatchSize: 2000, leaseMs: 60_000, stuckAfterMs: 60_000 } },
      { owner: ulid() },
    );
    chain.mine(2);
    await listenAnchors({ ledger, chain, clock, settings: { confirmations: 1, startBlock: 0, reorgDepth: 10 } });
    const proof = await getOrderProof(
      { events: ledger, ledger, chainId: chain.chainId, contract: chain.contract },
      { userId: customerId, roles: ['customer'] },
      order.id,
    );

    expect(outcome).toMatchObject({ action: 'sent' });
    expect(proof.events).toHaveLength(1);
    expect((await verifyProof(proof, (batchId) => chain.rootOf(batchId))).map((verdict) => verdict.problems)).toEqual([[]]);
  });
});
