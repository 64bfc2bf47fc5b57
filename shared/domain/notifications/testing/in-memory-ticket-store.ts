import type { TicketStore } from '../ports.ts';
import type { TicketClaims } from '../ticket.ts';

/** The fake: tickets in a map, consumed once, refused after their expiry. */
export class InMemoryTicketStore implements TicketStore {
  private readonly tickets = new Map<string, { claims: TicketClaims; expiresAt: Date }>();

  async save(ticket: string, claims: TicketClaims, expiresAt: Date): Promise<void> {
    if (this.tickets.has(ticket)) throw new Error('ticket already exists');
    this.tickets.set(ticket, { claims: { userId: claims.userId, roles: [...claims.roles] }, expiresAt });
  }

  async consume(ticket: string, now: Date): Promise<TicketClaims | undefined> {
    const entry = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return entry && entry.expiresAt > now ? entry.claims : undefined;
  }
}
