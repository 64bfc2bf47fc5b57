import { HttpError } from './error-mapper.ts';
import { header, type HttpEvent, type HttpMiddleware, type HttpRequest } from './types.ts';

/** The API's body limit; a route may set its own (`RouteOptions.maxBodyBytes`). */
export const MAX_BODY_BYTES = 64 * 1024;

const JSON_MEDIA_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;

const rawBodyOf = (event: HttpEvent): string | undefined => {
  if (typeof event.body !== 'string' || event.body.length === 0) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
};

/**
 * Parses a JSON body: 413 over `maxBytes` (64 KiB unless the route says otherwise), 415 when the body is not declared
 * as JSON, 400 when it does not parse.
 * A request without a body passes through with `body` undefined; the route's schema decides whether that is allowed.
 */
export const jsonBody = ({ maxBytes = MAX_BODY_BYTES }: { maxBytes?: number } = {}): HttpMiddleware => ({
  before: (request: HttpRequest) => {
    const raw = rawBodyOf(request.event);
    request.event.rawBody = raw;
    if (raw === undefined) {
      request.event.body = undefined;
      return;
    }
    if (Buffer.byteLength(raw, 'utf8') > maxBytes) {
      throw new HttpError(413, `The request body exceeds ${maxBytes} bytes.`);
    }
    if (!JSON_MEDIA_TYPE.test(header(request.event, 'content-type') ?? '')) {
      throw new HttpError(415, 'Send the request body as JSON with content-type: application/json.');
    }
    try {
      request.event.body = JSON.parse(raw);
    } catch {
      throw new HttpError(400, 'The request body is not valid JSON.');
    }
  },
});
