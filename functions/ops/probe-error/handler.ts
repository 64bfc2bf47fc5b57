import { opsConfig } from '#shared/composition/ops.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

/** Test stage only: an unexpected failure whose message must never reach the client. */
export const handler = publicRoute({}, async () => {
  throw new Error(`ProbeInternalFailure: table ${opsConfig.TABLE_NAME} in ${opsConfig.AWS_REGION} is unreachable`);
});
