import { DomainError } from '#shared/domain/errors.ts';
import type { Channel } from './channels.ts';

/** API Gateway closes every WebSocket connection after two hours; the item lives no longer. */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60;
export const DEFAULT_MAX_CONNECTIONS_PER_USER = 5;

/** One open WebSocket connection, as the table keeps it. */
export interface Connection {
  connectionId: string;
  userId: string;
  /** The roles bound to the ticket it was opened with; a role change applies from the next connection. */
  roles: string[];
  channels: Channel[];
  connectedAt: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export interface ConnectionLimits {
  perUser: number;
  /** Open connections in the whole stage. */
  stage: number;
}

export const newConnection = (connectionId: string, claims: { userId: string; roles: string[] }, now: Date): Connection => ({
  connectionId,
  userId: claims.userId,
  roles: [...claims.roles],
  channels: [],
  connectedAt: now.toISOString(),
  expiresAt: Math.floor(now.getTime() / 1000) + CONNECTION_TTL_SECONDS,
});

export const isLive = (connection: Pick<Connection, 'expiresAt'>, now: Date): boolean => connection.expiresAt > now.getTime() / 1000;

/** A user's open connections: connection id → expiry in epoch seconds. */
export type ConnectionSlots = Readonly<Record<string, number>>;

export type Admission = { admitted: true; slots: ConnectionSlots } | { admitted: false; open: number };

/**
 * Admits one more connection when fewer than `limit` are open. Expired slots (a client that vanished without
 * API Gateway's $disconnect reaching us) are dropped first, so a lost disconnect frees its slot within two hours.
 */
export const admitConnection = (
  slots: ConnectionSlots,
  connection: Pick<Connection, 'connectionId' | 'expiresAt'>,
  now: Date,
  limit: number,
): Admission => {
  const nowSeconds = now.getTime() / 1000;
  const live = Object.entries(slots).filter(([id, expiresAt]) => expiresAt > nowSeconds && id !== connection.connectionId);
  if (live.length >= limit) return { admitted: false, open: live.length };
  return { admitted: true, slots: Object.fromEntries([...live, [connection.connectionId, connection.expiresAt]]) };
};

export class ConnectionLimitError extends DomainError {
  override readonly name = 'ConnectionLimitError';
  readonly kind = 'rate_limited';
  readonly scope: 'user' | 'stage';

  constructor(scope: 'user' | 'stage') {
    super(scope === 'user' ? 'Too many open connections for this user.' : 'Too many open connections.');
    this.scope = scope;
  }
}
