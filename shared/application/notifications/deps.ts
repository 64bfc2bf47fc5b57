import type { ConnectionLimits } from '#shared/domain/notifications/connection.ts';
import type { Clock, ConnectionStore, FramePusher, OrderHistory, TicketStore } from '#shared/domain/notifications/ports.ts';

/** What the WebSocket routes and the ticket endpoint need. */
export interface ConnectionDeps {
  tickets: TicketStore;
  connections: ConnectionStore;
  clock: Clock;
  limits: ConnectionLimits;
}

export interface TicketDeps {
  tickets: TicketStore;
  clock: Clock;
  /** 32 random bytes, base64url. */
  newTicket: () => string;
  /** The WebSocket API's URL, without the ticket. */
  websocketUrl: string;
}

/** What the notifications worker needs. */
export interface FanOutDeps {
  orders: OrderHistory;
  connections: ConnectionStore;
  pusher: FramePusher;
  clock: Clock;
  /** Posts in flight at once per event. */
  concurrency: number;
}
