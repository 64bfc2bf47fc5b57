import { UnavailableError } from '#shared/domain/errors.ts';
import { maySubscribe, ORDERS_ALL } from '#shared/domain/notifications/channels.ts';
import type { Connection } from '#shared/domain/notifications/connection.ts';
import { orderUpdatedFrame, type OrderEventFacts } from '#shared/domain/notifications/frames.ts';
import { settleBounded } from './bounded.ts';
import type { FanOutDeps } from './deps.ts';

export interface FanOutResult {
  recipients: number;
  sent: number;
  gone: number;
  /** From the event's commit to the last post, in milliseconds. */
  latencyMs: number;
}

export class OrderVersionMissingError extends Error {
  override readonly name = 'OrderVersionMissingError';
}

/**
 * One order event → one `order.updated` frame, posted to the owner's connections and to every `orders:all`
 * subscriber whose roles still allow it; never to anyone else. Vanished connections are removed. If any other post
 * fails the whole event fails and is redelivered: recipients who already had it get it again (they dedupe by eventId).
 */
export const notifyOrderUpdates = async (deps: FanOutDeps, event: OrderEventFacts): Promise<FanOutResult> => {
  const state = await deps.orders.stateAt(event.orderId, event.version);
  if (!state) throw new OrderVersionMissingError(`Order ${event.orderId} has no version ${event.version}`);
  const now = deps.clock.now();
  const [owners, followers] = await Promise.all([
    deps.connections.listByUser(state.customerId, now),
    deps.connections.listByChannel(ORDERS_ALL, now),
  ]);
  const recipients = new Map<string, Connection>();
  for (const connection of owners) if (connection.userId === state.customerId) recipients.set(connection.connectionId, connection);
  for (const connection of followers) if (maySubscribe(connection.roles, ORDERS_ALL)) recipients.set(connection.connectionId, connection);

  const frame = orderUpdatedFrame(event, state);
  const outcomes = await settleBounded([...recipients.keys()], deps.concurrency, async (connectionId) => {
    const outcome = await deps.pusher.push(connectionId, frame);
    if (outcome === 'gone') await deps.connections.close(connectionId);
    return outcome;
  });
  const failures = outcomes.filter((outcome) => outcome.status === 'rejected');
  if (failures.length > 0) {
    throw new UnavailableError(`${failures.length} of ${outcomes.length} posts failed`, {
      cause: (failures[0] as PromiseRejectedResult).reason,
    });
  }
  const values = outcomes.map((outcome) => (outcome as PromiseFulfilledResult<string>).value);
  return {
    recipients: recipients.size,
    sent: values.filter((value) => value === 'sent').length,
    gone: values.filter((value) => value === 'gone').length,
    latencyMs: Math.max(0, deps.clock.now().getTime() - Date.parse(event.occurredAt)),
  };
};
