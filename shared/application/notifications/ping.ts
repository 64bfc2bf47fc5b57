import type { ServerFrame } from '#shared/domain/notifications/frames.ts';

/** `{ action: "ping" }`: a keep-alive whose answer also tells the client the connection still works. */
export const ping = async (): Promise<ServerFrame> => ({ type: 'pong' });
