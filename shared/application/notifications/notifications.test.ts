import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, UnavailableError } from '#shared/domain/errors.ts';
import { ORDERS_ALL } from '#shared/domain/notifications/channels.ts';
import { ConnectionLimitError } from '#shared/domain/notifications/connection.ts';
import type { OrderStateAt, ServerFrame } from '#shared/domain/notifications/frames.ts';
import type { FramePusher, OrderHistory, PushOutcome } from '#shared/domain/notifications/ports.ts';
import { InMemoryConnectionStore } from '#shared/domain/notifications/testing/in-memory-connection-store.ts';
import { InMemoryTicketStore } from '#shared/domain/notifications/testing/in-memory-ticket-store.ts';
import { TicketRefusedError } from '#shared/domain/notifications/ticket.ts';
import { settleBounded } from './bounded.ts';
import { connect } from './connect.ts';
import { disconnect } from './disconnect.ts';
import { issueTicket } from './issue-ticket.ts';
import { notifyOrderUpdates } from './notify-order-updates.ts';
import { subscribe } from './subscribe.ts';
import { unsubscribe } from './unsubscribe.ts';

const start = new Date('2026-12-01T10:00:00Z');

const world = () => {
  let now = start;
  let counter = 0;
  const clock = { now: () => now };
  const tickets = new InMemoryTicketStore();
  const connections = new InMemoryConnectionStore();
  const limits = { perUser: 5, stage: 100 };
  const ticketDeps = {
    tickets,
    clock,
    websocketUrl: 'wss://ws.example.com/prod',
    newTicket: () => `${'t'.repeat(40)}${String((counter += 1)).padStart(3, '0')}`,
  };
  const deps = { tickets, connections, clock, limits };
  const connectAs = async (userId: string, roles: string[] = ['customer']) => {
    const { ticket } = await issueTicket(ticketDeps, { userId, roles });
    return connect(deps, { connectionId: `conn-${(counter += 1)}`, ticket });
  };
  return {
    clock,
    tickets,
    connections,
    limits,
    ticketDeps,
    deps,
    connectAs,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
};

describe('issueTicket', () => {
  it('returns the ticket, the URL carrying it and an expiry 60 s away', async () => {
    const { ticketDeps } = world();

    const issued = await issueTicket(ticketDeps, { userId: 'u1', roles: ['customer'] });

    expect(issued).toEqual({
      ticket: issued.ticket,
      url: `wss://ws.example.com/prod?ticket=${issued.ticket}`,
      expiresAt: '2026-12-01T10:01:00.000Z',
    });
  });
});

describe('connect', () => {
  it('opens a connection bound to the ticket holder', async () => {
    const { connectAs } = world();

    expect(await connectAs('u1', ['support'])).toMatchObject({ userId: 'u1', roles: ['support'], channels: [] });
  });

  it.each([
    ['missing', undefined],
    ['forged', 'f'.repeat(43)],
    ['malformed', 'not a ticket'],
  ])('refuses a %s ticket', async (_label, ticket) => {
    const { deps } = world();

    await expect(connect(deps, { connectionId: 'c', ticket })).rejects.toThrow(TicketRefusedError);
  });

  it('refuses a reused ticket', async () => {
    const { deps, ticketDeps } = world();
    const { ticket } = await issueTicket(ticketDeps, { userId: 'u1', roles: ['customer'] });
    await connect(deps, { connectionId: 'c1', ticket });

    await expect(connect(deps, { connectionId: 'c2', ticket })).rejects.toThrow(TicketRefusedError);
  });

  it('refuses an expired ticket', async () => {
    const { deps, ticketDeps, advance } = world();
    const { ticket } = await issueTicket(ticketDeps, { userId: 'u1', roles: ['customer'] });
    advance(60_001);

    await expect(connect(deps, { connectionId: 'c1', ticket })).rejects.toThrow(TicketRefusedError);
  });

  it('refuses the sixth connection of a user, and admits one again after a disconnect', async () => {
    const { connectAs, connections } = world();
    const open = [];
    for (let i = 0; i < 5; i += 1) open.push(await connectAs('u1'));

    await expect(connectAs('u1')).rejects.toThrow(ConnectionLimitError);
    await disconnect({ connections }, { connectionId: open[0]!.connectionId });
    await expect(connectAs('u1')).resolves.toBeDefined();
  });
});

describe('subscribe and unsubscribe', () => {
  it.each([['support'], ['admin']])('lets %s follow orders:all', async (role) => {
    const { connectAs, connections } = world();
    const connection = await connectAs('staff', [role]);

    expect(await subscribe({ connections }, { connectionId: connection.connectionId, channel: ORDERS_ALL })).toEqual({
      type: 'subscribed',
      channel: ORDERS_ALL,
    });
    expect((await connections.get(connection.connectionId))?.channels).toEqual([ORDERS_ALL]);
  });

  it('forbids a customer to follow orders:all and leaves the connection as it was', async () => {
    const { connectAs, connections } = world();
    const connection = await connectAs('u1');

    await expect(subscribe({ connections }, { connectionId: connection.connectionId, channel: ORDERS_ALL })).rejects.toThrow(
      ForbiddenError,
    );
    expect(await connections.get(connection.connectionId)).toEqual(connection);
  });

  it('answers not found for a connection that is gone', async () => {
    const { connections } = world();

    await expect(subscribe({ connections }, { connectionId: 'gone', channel: ORDERS_ALL })).rejects.toThrow(NotFoundError);
    await expect(unsubscribe({ connections }, { connectionId: 'gone', channel: ORDERS_ALL })).rejects.toThrow(NotFoundError);
  });
});

class RecordingPusher implements FramePusher {
  readonly sent: Array<{ connectionId: string; frame: ServerFrame }> = [];
  private readonly outcomes: Record<string, PushOutcome | Error>;
  constructor(outcomes: Record<string, PushOutcome | Error> = {}) {
    this.outcomes = outcomes;
  }
  async push(connectionId: string, frame: ServerFrame): Promise<PushOutcome> {
    const outcome = this.outcomes[connectionId] ?? 'sent';
    if (outcome instanceof Error) throw outcome;
    if (outcome === 'sent') this.sent.push({ connectionId, frame });
    return outcome;
  }
}

const history = (states: Record<string, OrderStateAt>): OrderHistory => ({
  stateAt: async (orderId, version) => states[`${orderId}@${version}`],
});
const event = { eventId: 'e1', type: 'OrderPlaced', orderId: 'o1', version: 1, occurredAt: '2026-12-01T09:59:59.500Z' };
const placed: OrderStateAt = { customerId: 'alice', status: 'PENDING_PAYMENT', paymentStatus: 'PENDING', version: 1 };

describe('notifyOrderUpdates', () => {
  const fanOut = async (outcomes: Record<string, PushOutcome | Error> = {}) => {
    const w = world();
    const alice = [await w.connectAs('alice'), await w.connectAs('alice')];
    const bob = await w.connectAs('bob');
    const admin = await w.connectAs('root', ['admin']);
    const idleAdmin = await w.connectAs('root2', ['admin']);
    await subscribe(w, { connectionId: admin.connectionId, channel: ORDERS_ALL });
    const pusher = new RecordingPusher(outcomes);
    const deps = { orders: history({ 'o1@1': placed }), connections: w.connections, pusher, clock: w.clock, concurrency: 2 };
    return { ...w, alice, bob, admin, idleAdmin, pusher, run: () => notifyOrderUpdates(deps, event) };
  };

  it("sends the frame to the owner's connections and orders:all followers, and to nobody else", async () => {
    const { run, pusher, alice, admin } = await fanOut();

    const result = await run();

    expect(pusher.sent.map((entry) => entry.connectionId).sort()).toEqual([...alice.map((c) => c.connectionId), admin.connectionId].sort());
    expect(pusher.sent[0]?.frame).toEqual({
      type: 'order.updated',
      eventId: 'e1',
      orderId: 'o1',
      event: 'OrderPlaced',
      status: 'PENDING_PAYMENT',
      paymentStatus: 'PENDING',
      version: 1,
      occurredAt: event.occurredAt,
    });
    expect(result).toEqual({ recipients: 3, sent: 3, gone: 0, latencyMs: 500 });
  });

  it('never sends to a follower whose roles no longer allow orders:all', async () => {
    const w = await fanOut();
    w.connections.connections.get(w.bob.connectionId)!.channels = [ORDERS_ALL];

    await w.run();

    expect(w.pusher.sent.map((entry) => entry.connectionId)).not.toContain(w.bob.connectionId);
  });

  it('removes a connection that answers gone, and still succeeds', async () => {
    const w = await fanOut();
    const goneId = w.alice[0]!.connectionId;
    const pusher = new RecordingPusher({ [goneId]: 'gone' });

    const result = await notifyOrderUpdates(
      { orders: history({ 'o1@1': placed }), connections: w.connections, pusher, clock: w.clock, concurrency: 4 },
      event,
    );

    expect(result).toMatchObject({ sent: 2, gone: 1 });
    expect(await w.connections.get(goneId)).toBeUndefined();
  });

  it('fails the event after trying everyone when a post fails, so SQS redelivers it', async () => {
    const w = await fanOut();
    const pusher = new RecordingPusher({ [w.alice[0]!.connectionId]: new Error('throttled') });

    await expect(
      notifyOrderUpdates(
        { orders: history({ 'o1@1': placed }), connections: w.connections, pusher, clock: w.clock, concurrency: 1 },
        event,
      ),
    ).rejects.toThrow(UnavailableError);
    expect(pusher.sent).toHaveLength(2);
  });

  it('fails when the order has no such version', async () => {
    const w = await fanOut();

    await expect(
      notifyOrderUpdates({ orders: history({}), connections: w.connections, pusher: w.pusher, clock: w.clock, concurrency: 1 }, event),
    ).rejects.toThrow(/no version 1/);
  });
});

describe('settleBounded', () => {
  it('keeps at most the limit in flight and returns results in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await settleBounded([5, 1, 4, 2, 3], 2, async (n) => {
      peak = Math.max(peak, (inFlight += 1));
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight -= 1;
      if (n === 4) throw new Error('four');
      return n * 10;
    });

    expect(peak).toBe(2);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : 'failed'))).toEqual([50, 10, 'failed', 20, 30]);
  });
});
