import type { Clock } from '#shared/domain/clock.ts';
import type { Channel } from './channels.ts';

export type { Clock };
import type { Connection, ConnectionLimits } from './connection.ts';
import type { OrderStateAt, ServerFrame } from './frames.ts';
import type { TicketClaims } from './ticket.ts';

/** Single-use tickets; only a hash of each is stored. */
export interface TicketStore {
  save(ticket: string, claims: TicketClaims, expiresAt: Date): Promise<void>;
  /** The claims, exactly once per ticket and only before it expires; undefined otherwise. */
  consume(ticket: string, now: Date): Promise<TicketClaims | undefined>;
}

/** Open WebSocket connections, with the per-user limit and the stage-wide ceiling. */
export interface ConnectionStore {
  /** Throws ConnectionLimitError when the user or the stage is at its limit; then nothing is stored. */
  open(connection: Connection, limits: ConnectionLimits, now: Date): Promise<void>;
  /** Removes the connection and frees its slots; the removed connection, or undefined if it was already gone. */
  close(connectionId: string): Promise<Connection | undefined>;
  get(connectionId: string): Promise<Connection | undefined>;
  /** False when the connection is gone. */
  subscribe(connectionId: string, channel: Channel): Promise<boolean>;
  unsubscribe(connectionId: string, channel: Channel): Promise<boolean>;
  /** Live connections of one user. */
  listByUser(userId: string, now: Date): Promise<Connection[]>;
  /** Live connections subscribed to a channel. */
  listByChannel(channel: Channel, now: Date): Promise<Connection[]>;
}

export type PushOutcome = 'sent' | 'gone';

/** Posts one frame to one connection: `gone` when the client has left; throttling and 5xx throw. */
export interface FramePusher {
  push(connectionId: string, frame: ServerFrame): Promise<PushOutcome>;
}

/** The order as it stood at one version (read from its events), or undefined when it has no such version. */
export interface OrderHistory {
  stateAt(orderId: string, version: number): Promise<OrderStateAt | undefined>;
}
