/** A committed domain event as the outbox (the table) stores it. */
export interface StoredEvent {
  eventId: string;
  type: string;
  aggregateId: string;
  version: number;
  occurredAt: string;
  correlationId: string;
  data: Record<string, unknown>;
}

/** Sends one event to one consumer's queue. */
export type EventSender = (consumer: string, event: StoredEvent) => Promise<void>;

/** Which consumers want which event types; `*` is every type. */
export type Subscriptions = Record<string, readonly string[]>;

export const consumersOf = (subscriptions: Subscriptions, type: string): string[] =>
  Object.entries(subscriptions)
    .filter(([, types]) => types.includes(type) || types.includes('*'))
    .map(([consumer]) => consumer);

/** Publishes an event to every interested consumer; any failed send fails the whole event, which is retried. */
export const publishEvent = async (
  deps: { send: EventSender; subscriptions: Subscriptions },
  event: StoredEvent,
): Promise<string[]> => {
  const consumers = consumersOf(deps.subscriptions, event.type);
  await Promise.all(consumers.map((consumer) => deps.send(consumer, event)));
  return consumers;
};
