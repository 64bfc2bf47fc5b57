import { issueTicket } from '#shared/application/notifications/issue-ticket.ts';
import { notificationsRoute, ticketDeps } from '#shared/composition/notifications.ts';

/** POST /notifications/tickets: a single-use ticket for the WebSocket, so no access token ever goes into a URL. */
export const handler = notificationsRoute({ auth: 'signedIn' }, async ({ principal }) => ({
  status: 201,
  body: await issueTicket(await ticketDeps(), { userId: principal.userId, roles: [...principal.roles] }),
  headers: { 'cache-control': 'no-store' },
}));
