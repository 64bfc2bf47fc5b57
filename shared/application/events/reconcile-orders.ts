import type { Clock } from '#shared/domain/clock.ts';
import type { StalledOrderFinder } from '#shared/domain/messaging/ports.ts';
import { publishEvents, type PublishEventsDeps } from './publish-events.ts';

export interface ReconcileOrdersDeps {
  stalled: StalledOrderFinder;
  publish: PublishEventsDeps;
  clock: Clock;
}

export interface ReconcileOrdersInput {
  /** ORDER_RECONCILE_AFTER_SECONDS: how long an order may wait for the saga to claim its payment. */
  afterSeconds: number;
  /** Orders handled per run; the next run takes the rest. */
  limit: number;
}

export interface ReconcileOrdersOutcome {
  checked: number;
  republished: string[];
  failed: string[];
}

/**
 * The outbox's safety net: an order still PENDING_PAYMENT `afterSeconds` after it was placed, with no PAYMENT item
 * (the saga never claimed it), may have lost an event on the way (a publisher that gave up, a queue that was down).
 * Its committed events are published again, oldest first: OrderPlaced for the risk step and, when the decision was
 * recorded, OrderRiskAssessed for payments. Consumers are idempotent by event id, so a second delivery is a no-op.
 */
export const reconcileOrders = async (
  deps: ReconcileOrdersDeps,
  { afterSeconds, limit }: ReconcileOrdersInput,
): Promise<ReconcileOrdersOutcome> => {
  const cutoff = new Date(deps.clock.now().getTime() - afterSeconds * 1000).toISOString();
  const candidates = await deps.stalled.placedBefore(cutoff, limit);
  const republished: string[] = [];
  const failed: string[] = [];
  for (const orderId of candidates) {
    try {
      for (const event of await deps.stalled.events(orderId)) await publishEvents(deps.publish, event);
      republished.push(orderId);
    } catch {
      failed.push(orderId); // the next run tries again; one order never blocks the others
    }
  }
  return { checked: candidates.length, republished, failed };
};
