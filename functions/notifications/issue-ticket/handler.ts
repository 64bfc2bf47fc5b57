import { issueTicket } from '#shared/application/notifications/issue-ticket.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { notificationsConfig as config, ticketDeps } from '#shared/composition/notifications.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

/** POST /notifications/tickets: a single-use ticket for the WebSocket, so no access token ever goes into a URL. */
export const handler = httpRoute({ auth: 'signedIn', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS }, async ({ principal }) => ({
  status: 201,
  body: await issueTicket(await ticketDeps(), { userId: principal.userId, roles: [...principal.roles] }),
  headers: { 'cache-control': 'no-store' },
}));
