import { newConnection, type Connection } from '#shared/domain/notifications/connection.ts';
import { isWellFormedTicket, TicketRefusedError } from '#shared/domain/notifications/ticket.ts';
import type { ConnectionDeps } from './deps.ts';

/**
 * $connect: consumes the ticket (once), then opens the connection within the per-user and stage limits.
 * TicketRefusedError (401) or ConnectionLimitError (429) refuse the upgrade.
 */
export const connect = async (deps: ConnectionDeps, input: { connectionId: string; ticket: unknown }): Promise<Connection> => {
  if (!isWellFormedTicket(input.ticket)) throw new TicketRefusedError();
  const now = deps.clock.now();
  const claims = await deps.tickets.consume(input.ticket, now);
  if (!claims) throw new TicketRefusedError();
  const connection = newConnection(input.connectionId, claims, now);
  await deps.connections.open(connection, deps.limits, now);
  return connection;
};
