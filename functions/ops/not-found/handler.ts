import { NotFoundError } from '#shared/domain/errors.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';
import type { HttpRequest } from '#shared/middleware/http/types.ts';

const noSuchRoute = (request: HttpRequest) =>
  new NotFoundError(`No route for ${request.event.requestContext?.http?.method ?? 'this method'} ${request.event.rawPath ?? ''}.`);

/**
 * Catch-all route: every method and path nobody else serves gets the same problem+json 404 as a missing resource,
 * whatever its body: the answer comes from a guard, which runs before the body is read (no 413/415/400 for a route
 * that does not exist, as API Gateway has no route to apply them).
 */
export const handler = publicRoute(
  {
    guards: [
      {
        before: (request: HttpRequest) => {
          throw noSuchRoute(request);
        },
      },
    ],
  },
  async ({ event }) => {
    throw new NotFoundError(`No route for ${event.requestContext?.http?.method ?? 'this method'} ${event.rawPath ?? ''}.`);
  },
);
