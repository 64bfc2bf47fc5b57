import { chainLinks } from '#shared/domain/ledger/hash-chain.ts';
import { FakeAnchorChain } from '#shared/domain/ledger/testing/fake-anchor-chain.ts';
import { InMemoryLedgerRepository } from '#shared/domain/ledger/testing/in-memory-ledger-repository.ts';
import type { AnchorDeps } from '../anchor-events.ts';
import type { ListenDeps } from '../listen-anchors.ts';

/** A ledger in memory, a fake chain and a clock the test moves; orders get full, hash-chained event histories. */
export const ledgerFixture = () => {
  const ledger = new InMemoryLedgerRepository();
  const chain = new FakeAnchorChain();
  let now = Date.parse('2026-03-01T10:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const ages: number[] = [];
  let orderCount = 0;

  const anchorDeps: AnchorDeps = {
    ledger,
    chain,
    clock,
    settings: { maxBatchSize: 1000, leaseMs: 60_000, stuckAfterMs: 30_000 },
    reportUnanchoredAge: (seconds) => ages.push(seconds),
  };
  const listenDeps: ListenDeps = { ledger, chain, clock, settings: { confirmations: 2, startBlock: 0, reorgDepth: 12 } };

  /** Places an order with `events` events (OrderPlaced, OrderPaid, OrderShipped, OrderDelivered), one second apart. */
  const placeOrder = (events = 3, customerId = 'CUSTOMER-A') => {
    orderCount += 1;
    const orderId = `ORDER-${String(orderCount).padStart(4, '0')}`;
    const types = ['OrderPlaced', 'OrderPaid', 'OrderShipped', 'OrderDelivered'];
    const raw = types.slice(0, events).map((type, index) => ({
      orderId,
      version: index + 1,
      type,
      occurredAt: new Date(now - (events - index) * 1000).toISOString(),
      data: index === 0 ? { customerId, total: { amount: 1000 * orderCount, currency: 'EUR' } } : {},
    }));
    chainLinks(raw).forEach((link, index) =>
      ledger.addEvent({ ...raw[index]!, hash: link.hash, prevHash: link.prevHash, seq: undefined, batchId: undefined }),
    );
    return orderId;
  };

  return {
    ledger,
    chain,
    clock,
    ages,
    anchorDeps,
    listenDeps,
    placeOrder,
    advance: (ms: number) => {
      now += ms;
    },
  };
};
