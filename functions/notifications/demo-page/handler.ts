import { demoPage } from '#shared/application/notifications/demo-page.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';

// The spine's default Content-Security-Policy forbids every script; this static page needs its own script, inline
// styles, the same-origin API and WebSocket connections, and nothing else.
const CONTENT_SECURITY_POLICY: Record<string, string | false> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'unsafe-inline'",
  'connect-src': "'self' ws: wss:",
  'img-src': "'self' data:",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
  sandbox: false,
  'require-trusted-types-for': false,
  'upgrade-insecure-requests': false,
};

/** GET /demo and /demo/app.js: the live order page, served by the stack itself (through the spine: correlation id, logs). */
export const handler = publicRoute({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }, async ({ event }) => {
  const file = await demoPage(event.rawPath);
  return { status: 200, raw: { contentType: file.type, body: file.body }, headers: { 'cache-control': 'no-cache' } };
});
