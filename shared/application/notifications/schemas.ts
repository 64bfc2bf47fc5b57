import * as z from 'zod';
import { CHANNELS } from '#shared/domain/notifications/channels.ts';

const channel = z.enum(CHANNELS);

/** Frames a client may send; the route selection expression picks the Lambda by `action`. */
export const subscribeFrame = z.object({ action: z.literal('subscribe'), channel }).strict();
export const unsubscribeFrame = z.object({ action: z.literal('unsubscribe'), channel }).strict();
export const pingFrame = z.object({ action: z.literal('ping') }).strict();
