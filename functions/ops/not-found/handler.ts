import { NotFoundError } from '#shared/domain/errors.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

/** Catch-all route: every path nobody else serves gets the same problem+json 404 as a missing resource. */
export const handler = publicRoute({}, async ({ event }) => {
  throw new NotFoundError(`No route for ${event.requestContext?.http?.method ?? 'this method'} ${event.rawPath ?? ''}.`);
});
