import { toOrderEventMessage, type OrderEventTypeName, type StoredOrderEvent } from '#shared/contracts/order-events.ts';
import type { EventSender } from '#shared/domain/messaging/ports.ts';

/** Which consumers want which event types; `*` is every type. */
export type Subscriptions = Record<string, readonly (OrderEventTypeName | '*')[]>;

/** Which consumer queue gets which order events. */
export const ORDER_EVENT_SUBSCRIPTIONS: Subscriptions = {
  // The risk step decides first; payments charges on its decision, never on OrderPlaced.
  risk: ['OrderPlaced'],
  payments: ['OrderRiskAssessed', 'OrderCancelled'],
  notifications: ['*'],
};

export interface PublishEventsDeps {
  send: EventSender;
  subscriptions: Subscriptions;
}

export const consumersOf = (subscriptions: Subscriptions, type: OrderEventTypeName): string[] =>
  Object.entries(subscriptions)
    .filter(([, types]) => types.includes(type) || types.includes('*'))
    .map(([consumer]) => consumer);

/** Publishes a committed event to every interested consumer; any failed send fails the whole event, which is retried. */
export const publishEvents = async (deps: PublishEventsDeps, event: StoredOrderEvent): Promise<string[]> => {
  const consumers = consumersOf(deps.subscriptions, event.type);
  const message = toOrderEventMessage(event);
  await Promise.all(consumers.map((consumer) => deps.send(consumer, message)));
  return consumers;
};
