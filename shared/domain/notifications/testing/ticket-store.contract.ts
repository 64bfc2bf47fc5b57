import { describe, expect, it } from 'vitest';
import type { TicketStore } from '../ports.ts';

const aTicket = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
const at = (iso: string) => new Date(iso);

/** What every TicketStore does; run against the fake (unit) and the DynamoDB adapter (integration). */
export const ticketStoreContract = (name: string, makeStore: () => TicketStore) =>
  describe(`${name} (TicketStore contract)`, () => {
    const claims = { userId: 'user-1', roles: ['customer'] };
    const issuedAt = at('2026-12-01T10:00:00Z');
    const expiresAt = at('2026-12-01T10:01:00Z');

    it('gives the claims back once, then never again', async () => {
      const store = makeStore();
      const ticket = aTicket();
      await store.save(ticket, claims, expiresAt);

      const first = await store.consume(ticket, issuedAt);
      const second = await store.consume(ticket, issuedAt);

      expect(first).toEqual(claims);
      expect(second).toBeUndefined();
    });

    it.each([
      ['at its expiry', '2026-12-01T10:01:00Z'],
      ['after its expiry', '2026-12-01T11:00:00Z'],
    ])('refuses a ticket presented %s', async (_label, when) => {
      const store = makeStore();
      const ticket = aTicket();
      await store.save(ticket, claims, expiresAt);

      expect(await store.consume(ticket, at(when))).toBeUndefined();
    });

    it('refuses a ticket it never issued', async () => {
      expect(await makeStore().consume(aTicket(), issuedAt)).toBeUndefined();
    });

    it('lets exactly one of many concurrent presentations through', async () => {
      const store = makeStore();
      const ticket = aTicket();
      await store.save(ticket, claims, expiresAt);

      const results = await Promise.all(Array.from({ length: 8 }, () => store.consume(ticket, issuedAt)));

      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
