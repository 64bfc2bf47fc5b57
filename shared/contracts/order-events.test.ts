import { describe, expect, expectTypeOf, it } from 'vitest';
import { ORDER_EVENT_TYPES, type OrderEventType } from '#shared/domain/orders/order.ts';
import {
  ORDER_EVENT_SCHEMA_VERSION,
  ORDER_EVENT_TYPE_NAMES,
  orderEventMessageAttributes,
  orderEventMessageSchema,
  storedOrderEventSchema,
  toOrderEventMessage,
  type OrderEventTypeName,
  type StoredOrderEvent,
} from './order-events.ts';

const aStoredEvent = (overrides: Partial<StoredOrderEvent> = {}): StoredOrderEvent => ({
  entity: 'OrderEvent',
  eventId: '01JEVENT00000000000000000',
  type: 'OrderPlaced',
  orderId: '01JORDER00000000000000000',
  version: 1,
  occurredAt: '2026-11-26T15:00:00.000Z',
  correlationId: 'corr-1',
  data: { customerId: 'C1' },
  ...overrides,
});

describe('order-event contract', () => {
  it('names exactly the event types of the domain', () => {
    expectTypeOf<OrderEventTypeName>().toEqualTypeOf<OrderEventType>();
    expect([...ORDER_EVENT_TYPE_NAMES].sort()).toEqual([...ORDER_EVENT_TYPES].sort());
  });

  it('turns a stored event into the versioned message every consumer parses', () => {
    const message = toOrderEventMessage(storedOrderEventSchema.parse({ ...aStoredEvent(), PK: 'ORDER#1', SK: 'EVENT#1', v: 1 }));

    expect(message).toEqual({ ...aStoredEvent(), entity: undefined, schemaVersion: ORDER_EVENT_SCHEMA_VERSION });
    expect(orderEventMessageSchema.parse(JSON.parse(JSON.stringify(message)))).toEqual(message);
    expect(Object.keys(message)).not.toContain('entity');
  });

  it('reads a message sent before the envelope had a version as version 1', () => {
    const { entity: _entity, ...unversioned } = aStoredEvent();

    expect(orderEventMessageSchema.parse(unversioned).schemaVersion).toBe(1);
  });

  it.each([
    ['an unknown type', { type: 'OrderTeleported' }],
    ['a missing event id', { eventId: undefined }],
    ['a zero version', { version: 0 }],
    ['an id longer than 64 characters', { orderId: 'x'.repeat(65) }],
  ])('rejects %s', (_case, overrides) => {
    expect(orderEventMessageSchema.safeParse({ ...aStoredEvent(), ...overrides }).success).toBe(false);
    expect(storedOrderEventSchema.safeParse({ ...aStoredEvent(), ...overrides }).success).toBe(false);
  });

  it('rejects a message of a newer envelope version', () => {
    expect(orderEventMessageSchema.safeParse({ ...aStoredEvent(), schemaVersion: 2 }).success).toBe(false);
  });

  it('attaches id, type, version and correlation id as message attributes', () => {
    expect(orderEventMessageAttributes(toOrderEventMessage(aStoredEvent()))).toEqual({
      eventId: { DataType: 'String', StringValue: '01JEVENT00000000000000000' },
      eventType: { DataType: 'String', StringValue: 'OrderPlaced' },
      version: { DataType: 'Number', StringValue: '1' },
      correlationId: { DataType: 'String', StringValue: 'corr-1' },
    });
  });
});
