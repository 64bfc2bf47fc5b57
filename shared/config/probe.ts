import * as z from '#shared/zod.ts';
import { baseConfigSchema } from '#shared/config.ts';

/** The test-stage probe worker (infra/functions-test.yml): only its DLQ, where it sends invalid messages itself. */
export const probeConfigSchema = z.extend(baseConfigSchema, {
  PROBE_DLQ_URL: z.url(),
});
