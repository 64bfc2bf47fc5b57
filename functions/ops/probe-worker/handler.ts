import * as z from '#shared/zod.ts';
import { logger } from '#shared/observability/index.ts';
import { sqsWorker } from '#shared/middleware/sqs/worker.ts';
import { probeDeadLetters } from '#shared/composition/probe.ts';

const probeMessage = z.strictObject({ id: z.string().check(z.minLength(1)), fail: z._default(z.boolean(), false) });

export class ProbeFailureError extends Error {
  override readonly name = 'ProbeFailureError';
}

/** Test stage only: fails the records that ask for it, so the suite can watch redelivery and the DLQ. */
export const handler = sqsWorker({ schema: probeMessage, deadLetters: probeDeadLetters }, async (message) => {
  if (message.fail) throw new ProbeFailureError(`probe ${message.id} asked to fail`);
  logger.info('probe processed', { probeId: message.id });
});
