import { baseConfigSchema, loadConfig } from '#shared/config.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

const config = loadConfig(baseConfigSchema);

/** Test stage only: an unexpected failure whose message must never reach the client. */
export const handler = httpRoute({ auth: 'public', corsOrigins: config.CORS_ALLOWED_ORIGINS }, async () => {
  throw new Error(`ProbeInternalFailure: table ${config.TABLE_NAME} in ${config.AWS_REGION} is unreachable`);
});
