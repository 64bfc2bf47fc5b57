import { loadConfig } from '#shared/config.ts';
import { probeConfigSchema } from '#shared/config/probe.ts';
import type { DeadLetterQueue } from '#shared/contracts/dead-letters.ts';
import { sqsDeadLetterQueue } from '#shared/infrastructure/sqs/dead-letter-queue.ts';
import { createSqsClient } from '#shared/infrastructure/sqs/client.ts';
import { once } from './memo.ts';

// The probe's composition root (test stage only): the smallest example of a queue consumer's wiring.
export const probeConfig = loadConfig(probeConfigSchema);
const config = probeConfig;

export const probeDeadLetters = once(async (): Promise<DeadLetterQueue> =>
  sqsDeadLetterQueue(createSqsClient({ region: config.AWS_REGION, endpoint: config.SQS_ENDPOINT }), config.PROBE_DLQ_URL),
);
