import WebSocket from 'ws';
import { api } from './e2e.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Frame = Record<string, any>;

export interface WsClient {
  readonly frames: Frame[];
  /** Receipt time (epoch ms) per frame, same index as `frames`. */
  readonly receivedAt: number[];
  send(frame: unknown): void;
  /** The first frame, already received or still to come, that matches; fails after `timeoutMs`. */
  waitFor(match: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  /** Sends a ping and waits for its pong: proves the connection is still open (routes run in parallel: not an ordering barrier). */
  roundTrip(timeoutMs?: number): Promise<void>;
  readonly closed: Promise<number>;
  close(): Promise<void>;
}

export class UpgradeRefusedError extends Error {
  override readonly name = 'UpgradeRefusedError';
  readonly status: number;
  constructor(status: number) {
    super(`upgrade refused with ${status}`);
    this.status = status;
  }
}

/** Opens a WebSocket; a refused upgrade rejects with UpgradeRefusedError carrying the HTTP status. */
export const connectWs = (url: string, headers: Record<string, string> = {}): Promise<WsClient> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const frames: Frame[] = [];
    const receivedAt: number[] = [];
    const waiters = new Set<() => void>();
    let pongs = 0;
    const closed = new Promise<number>((resolveClosed) => socket.on('close', (code) => resolveClosed(code)));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      if (frame.type === 'pong') pongs += 1;
      frames.push(frame);
      receivedAt.push(Date.now());
      for (const wake of waiters) wake();
    });
    socket.once('unexpected-response', (_request, response) => reject(new UpgradeRefusedError(response.statusCode ?? 0)));
    socket.once('error', reject);
    const waitUntil = (test: () => boolean, timeoutMs: number, what: string) =>
      new Promise<void>((resolveWait, rejectWait) => {
        const check = () => {
          if (!test()) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolveWait();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          rejectWait(new Error(`${what} not received within ${timeoutMs} ms; got ${JSON.stringify(frames)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    socket.once('open', () =>
      resolve({
        frames,
        receivedAt,
        send: (frame) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
        waitFor: async (match, timeoutMs = 10_000) => {
          await waitUntil(() => frames.some(match), timeoutMs, 'frame');
          return frames.find(match)!;
        },
        roundTrip: async (timeoutMs = 10_000) => {
          const expected = pongs + 1;
          socket.send(JSON.stringify({ action: 'ping' }));
          await waitUntil(() => pongs >= expected, timeoutMs, 'pong');
        },
        closed,
        close: async () => {
          if (socket.readyState === WebSocket.CLOSED) return;
          socket.close();
          await closed;
        },
      }),
    );
  });

/** A fresh single-use ticket for the token's holder. */
export const ticketFor = async (token: string): Promise<{ ticket: string; url: string; expiresAt: string }> => {
  const response = await api('/notifications/tickets', { method: 'POST', token });
  if (response.status !== 201) throw new Error(`ticket refused: ${response.status} ${response.text}`);
  return response.body;
};

/** Ticket, then connection: the client flow. */
export const openClient = async (token: string): Promise<WsClient> => connectWs((await ticketFor(token)).url);

export const orderFrames = (client: WsClient, orderId: string) =>
  client.frames.filter((frame) => frame.type === 'order.updated' && frame.orderId === orderId);
