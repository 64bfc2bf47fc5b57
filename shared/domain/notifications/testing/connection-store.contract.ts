import { describe, expect, it } from 'vitest';
import { ORDERS_ALL } from '../channels.ts';
import { ConnectionLimitError, newConnection, type ConnectionLimits } from '../connection.ts';
import type { ConnectionStore } from '../ports.ts';

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(sequence += 1)}-${Math.random().toString(36).slice(2, 8)}`;
const now = new Date();
const limits: ConnectionLimits = { perUser: 2, stage: 1_000_000 };
const open = (store: ConnectionStore, userId: string, at = now, roles = ['customer']) => {
  const connection = newConnection(unique('conn'), { userId, roles }, at);
  return store.open(connection, limits, at).then(() => connection);
};

/** What every ConnectionStore does; `makeStore(stageCeiling)` gives a store whose stage holds no other connection. */
export const connectionStoreContract = (name: string, makeStore: () => ConnectionStore, makeIsolatedStore: () => ConnectionStore) =>
  describe(`${name} (ConnectionStore contract)`, () => {
    it('finds an open connection by id and by user', async () => {
      const store = makeStore();
      const userId = unique('user');
      const connection = await open(store, userId);

      expect(await store.get(connection.connectionId)).toEqual(connection);
      expect(await store.listByUser(userId, now)).toEqual([connection]);
    });

    it('refuses a connection over the per-user limit and stores nothing', async () => {
      const store = makeStore();
      const userId = unique('user');
      await open(store, userId);
      await open(store, userId);
      const third = newConnection(unique('conn'), { userId, roles: ['customer'] }, now);

      await expect(store.open(third, limits, now)).rejects.toThrow(ConnectionLimitError);
      expect(await store.get(third.connectionId)).toBeUndefined();
      expect(await store.listByUser(userId, now)).toHaveLength(2);
    });

    it('frees the slot when a connection closes', async () => {
      const store = makeStore();
      const userId = unique('user');
      const first = await open(store, userId);
      await open(store, userId);

      const closed = await store.close(first.connectionId);

      expect(closed?.connectionId).toBe(first.connectionId);
      await expect(open(store, userId)).resolves.toBeDefined();
      expect(await store.close(first.connectionId)).toBeUndefined();
    });

    it('does not count connections that outlived their two hours', async () => {
      const store = makeStore();
      const userId = unique('user');
      const longAgo = new Date(now.getTime() - 3 * 60 * 60 * 1000);
      await open(store, userId, longAgo);
      await open(store, userId, longAgo);

      await expect(open(store, userId)).resolves.toBeDefined();
      expect(await store.listByUser(userId, now)).toHaveLength(1);
    });

    it('refuses a connection over the stage-wide ceiling', async () => {
      const store = makeIsolatedStore();
      const stage = { perUser: 5, stage: 2 };
      const connections = [unique('a'), unique('b'), unique('c')].map((userId) =>
        newConnection(unique('conn'), { userId, roles: ['customer'] }, now),
      );
      await store.open(connections[0]!, stage, now);
      await store.open(connections[1]!, stage, now);

      await expect(store.open(connections[2]!, stage, now)).rejects.toThrow(ConnectionLimitError);
      await store.close(connections[0]!.connectionId);
      await expect(store.open(connections[2]!, stage, now)).resolves.toBeUndefined();
    });

    it('lists subscribers of a channel until they unsubscribe or leave', async () => {
      const store = makeStore();
      const admin = await open(store, unique('admin'), now, ['admin']);
      const support = await open(store, unique('support'), now, ['support']);
      await store.subscribe(admin.connectionId, ORDERS_ALL);
      await store.subscribe(support.connectionId, ORDERS_ALL);
      const ids = async () => (await store.listByChannel(ORDERS_ALL, now)).map((c) => c.connectionId);

      expect(await ids()).toEqual(expect.arrayContaining([admin.connectionId, support.connectionId]));
      expect((await store.get(admin.connectionId))?.channels).toEqual([ORDERS_ALL]);
      await store.unsubscribe(admin.connectionId, ORDERS_ALL);
      await store.close(support.connectionId);
      expect(await ids()).not.toContain(admin.connectionId);
      expect(await ids()).not.toContain(support.connectionId);
    });

    it('answers false when subscribing a connection that is gone', async () => {
      expect(await makeStore().subscribe(unique('gone'), ORDERS_ALL)).toBe(false);
    });
  });
