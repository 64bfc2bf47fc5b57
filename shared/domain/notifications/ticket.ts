import { DomainError } from '#shared/domain/errors.ts';

/** A ticket opens one WebSocket connection, once, within this many seconds of being issued. */
export const TICKET_TTL_SECONDS = 60;

/** 32 random bytes, base64url: anything else is refused before the table is asked. */
export const TICKET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Who a ticket was issued to: the connection inherits exactly these. */
export interface TicketClaims {
  userId: string;
  roles: string[];
}

export const ticketExpiry = (now: Date): Date => new Date(now.getTime() + TICKET_TTL_SECONDS * 1000);

export const isWellFormedTicket = (value: unknown): value is string => typeof value === 'string' && TICKET_PATTERN.test(value);

/** Missing, forged, expired and reused tickets are refused alike, so a caller learns nothing about which. */
export class TicketRefusedError extends DomainError {
  override readonly name = 'TicketRefusedError';
  readonly kind = 'unauthorized';

  constructor() {
    super('The ticket is missing, invalid, expired or already used.');
  }
}
