import page from '../../../web/index.html' with { type: 'text' };
import script from '../../../web/app.js' with { type: 'text' };

// Its own small handler rather than the JSON spine: the spine's security headers forbid any script, and this is a
// static page. Its CSP allows only its own script, the same-origin API and WebSocket connections.
const CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self' ws: wss:; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const files: Record<string, { type: string; body: string }> = {
  '/demo': { type: 'text/html; charset=utf-8', body: page },
  '/demo/app.js': { type: 'text/javascript; charset=utf-8', body: script },
};

/** GET /demo and /demo/app.js: the live order page (web/), served by the stack itself. */
export const handler = async (event: { rawPath?: string }) => {
  const file = files[event.rawPath ?? ''] ?? files['/demo']!;
  return {
    statusCode: 200,
    headers: { 'content-type': file.type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache', 'referrer-policy': 'no-referrer' },
    body: file.body,
  };
};
