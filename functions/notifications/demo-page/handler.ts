import { demoPage } from '#shared/application/notifications/demo-page.ts';

// Its own small handler rather than the JSON spine: the spine's security headers forbid any script, and this is a
// static page. Its CSP allows only its own script, the same-origin API and WebSocket connections.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self' ws: wss:; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** GET /demo and /demo/app.js: the live order page, served by the stack itself. */
export const handler = async (event: { rawPath?: string }) => {
  const file = await demoPage(event.rawPath);
  return {
    statusCode: 200,
    headers: {
      'content-type': file.type,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
      'referrer-policy': 'no-referrer',
    },
    body: file.body,
  };
};
