import { loadConfig } from '#shared/config.ts';
import { probeConfigSchema } from '#shared/config/probe.ts';
import type { DeadLetterQueue } from '#shared/contracts/dead-letters.ts';
import { sqsDeadLetterQueue } from '#shared/infrastructure/sqs/dead-letter-queue.ts';
import { sqsClientFor } from './aws.ts';
import { once } from './memo.ts';

// The probe's composition root (test stage only): the smallest example of a queue consumer's wiring.
export const probeConfig = loadConfig(probeConfigSchema);
const config = probeConfig;

export const probeDeadLetters = /* @__PURE__ */ once(async (): Promise<DeadLetterQueue> =>
  sqsDeadLetterQueue(sqsClientFor(config), config.PROBE_DLQ_URL),
);
