import { ticketExpiry, type TicketClaims } from '#shared/domain/notifications/ticket.ts';
import type { TicketDeps } from './deps.ts';

export interface IssuedTicket {
  ticket: string;
  url: string;
  expiresAt: string;
}

/** Issues a single-use, 60-second ticket bound to the caller and their roles: the only way to open a WebSocket. */
export const issueTicket = async (deps: TicketDeps, claims: TicketClaims): Promise<IssuedTicket> => {
  const ticket = deps.newTicket();
  const expiresAt = ticketExpiry(deps.clock.now());
  await deps.tickets.save(ticket, claims, expiresAt);
  const url = new URL(deps.websocketUrl);
  url.searchParams.set('ticket', ticket);
  return { ticket, url: url.toString(), expiresAt: expiresAt.toISOString() };
};
