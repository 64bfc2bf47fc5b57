import * as z from '#shared/zod.ts';
import { CHANNELS } from '#shared/domain/notifications/channels.ts';

const channel = z.enum(CHANNELS);

/** Frames a client may send; the route selection expression picks the Lambda by `action`. */
export const subscribeFrame = z.strictObject({ action: z.literal('subscribe'), channel });
export const unsubscribeFrame = z.strictObject({ action: z.literal('unsubscribe'), channel });
export const pingFrame = z.strictObject({ action: z.literal('ping') });
