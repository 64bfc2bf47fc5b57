import { ForbiddenError, UnauthorizedError } from '#shared/domain/errors.ts';
import { hasPermission, isRole } from '#shared/domain/identity/roles.ts';
import { logger } from '#shared/observability/index.ts';
import { header, type AuthRequirement, type HttpMiddleware, type HttpRequest, type Principal } from './types.ts';

export type { AuthRequirement, Principal } from './types.ts';

/** Verifies an access token; throws UnauthorizedError for anything but a valid one. */
export type VerifyAccessToken = (token: string) => Promise<{ sub: string; roles: string[] }>;

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * 401 when the bearer token is missing or invalid, 403 when it is valid but lacks the permission.
 * Only the Authorization header is read: a token in the query string is never accepted.
 * The caller is left on `request.context.principal`.
 */
export const authenticate = (
  requirement: Exclude<AuthRequirement, 'public'>,
  verifier: () => Promise<VerifyAccessToken>,
): HttpMiddleware => ({
  before: async (request: HttpRequest) => {
    const token = BEARER.exec(header(request.event, 'authorization') ?? '')?.[1];
    if (!token) throw new UnauthorizedError('Sign in: send Authorization: Bearer <access token>.');
    const claims = await (await verifier())(token);
    const principal: Principal = { userId: claims.sub, roles: claims.roles.filter(isRole) };
    logger.appendKeys({ userId: principal.userId });
    if (requirement !== 'signedIn' && !hasPermission(principal.roles, requirement)) {
      throw new ForbiddenError('You are signed in but not allowed to do this.');
    }
    request.context.principal = principal;
  },
});
