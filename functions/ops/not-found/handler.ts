import { NotFoundError } from '#shared/domain/errors.ts';
import { baseConfigSchema, loadConfig } from '#shared/config.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

const config = loadConfig(baseConfigSchema);

/** Catch-all route: every path nobody else serves gets the same problem+json 404 as a missing resource. */
export const handler = httpRoute({ auth: 'public', corsOrigins: config.CORS_ALLOWED_ORIGINS }, async ({ event }) => {
  throw new NotFoundError(`No route for ${event.requestContext?.http?.method ?? 'this method'} ${event.rawPath ?? ''}.`);
});
