import { describe, expect, it } from 'vitest';
import { maySubscribe, ORDERS_ALL } from './channels.ts';
import { admitConnection, CONNECTION_TTL_SECONDS, newConnection } from './connection.ts';
import { decideOnFrame, orderUpdatedFrame } from './frames.ts';
import { isWellFormedTicket, ticketExpiry } from './ticket.ts';

const now = new Date('2026-12-01T10:00:00Z');
const nowSeconds = now.getTime() / 1000;

describe('channel permissions', () => {
  it.each([
    [['customer'], false],
    [['support'], true],
    [['admin'], true],
    [['customer', 'support'], true],
    [['superuser'], false],
    [[], false],
  ])('roles %j may follow orders:all: %s', (roles, allowed) => {
    expect(maySubscribe(roles, ORDERS_ALL)).toBe(allowed);
  });
});

describe('per-user connection limit', () => {
  const connection = { connectionId: 'new', expiresAt: nowSeconds + CONNECTION_TTL_SECONDS };

  it.each([
    ['no connection', {}, true],
    ['four live ones', { a: nowSeconds + 10, b: nowSeconds + 10, c: nowSeconds + 10, d: nowSeconds + 10 }, true],
    ['five live ones', { a: nowSeconds + 10, b: nowSeconds + 10, c: nowSeconds + 10, d: nowSeconds + 10, e: nowSeconds + 10 }, false],
    ['five, one of them expired', { a: nowSeconds + 10, b: nowSeconds + 10, c: nowSeconds + 10, d: nowSeconds + 10, e: nowSeconds }, true],
  ])('with %s a new one is admitted: %s', (_label, slots, admitted) => {
    expect(admitConnection(slots, connection, now, 5).admitted).toBe(admitted);
  });

  it('drops expired slots and adds the new one', () => {
    const admission = admitConnection({ old: nowSeconds - 1, live: nowSeconds + 5 }, connection, now, 5);

    expect(admission).toEqual({ admitted: true, slots: { live: nowSeconds + 5, new: connection.expiresAt } });
  });

  it('binds a new connection to the ticket holder for two hours, with no channel', () => {
    expect(newConnection('c1', { userId: 'u1', roles: ['support'] }, now)).toEqual({
      connectionId: 'c1',
      userId: 'u1',
      roles: ['support'],
      channels: [],
      connectedAt: now.toISOString(),
      expiresAt: nowSeconds + 7200,
    });
  });
});

describe('tickets', () => {
  it.each([
    ['a 43-character base64url string', 'a'.repeat(42) + '_', true],
    ['a shorter string', 'a'.repeat(42), false],
    ['a string with padding', 'a'.repeat(42) + '=', false],
    ['an access token', 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.sig', false],
    ['nothing', undefined, false],
  ])('%s is well formed: %s', (_label, value, expected) => {
    expect(isWellFormedTicket(value)).toBe(expected);
  });

  it('expires 60 seconds after issue', () => {
    expect(ticketExpiry(now).toISOString()).toBe('2026-12-01T10:01:00.000Z');
  });
});

describe('order.updated frames', () => {
  it('carries the event and the order as it stood right after it', () => {
    const event = { eventId: 'e2', type: 'OrderPaid', orderId: 'o1', version: 2, occurredAt: '2026-12-01T10:00:01Z' };

    expect(orderUpdatedFrame(event, { customerId: 'u1', status: 'PAID', paymentStatus: 'CAPTURED', version: 2 })).toEqual({
      type: 'order.updated',
      eventId: 'e2',
      orderId: 'o1',
      event: 'OrderPaid',
      status: 'PAID',
      paymentStatus: 'CAPTURED',
      version: 2,
      occurredAt: '2026-12-01T10:00:01Z',
    });
  });

  it.each([
    [undefined, 1, 'apply'],
    [1, 2, 'apply'],
    [2, 2, 'ignore'],
    [3, 2, 'ignore'],
    [1, 3, 'resync'],
    [undefined, 2, 'resync'],
  ] as const)('a client holding version %s given version %s decides to %s', (held, version, decision) => {
    expect(decideOnFrame(held, version)).toBe(decision);
  });
});
