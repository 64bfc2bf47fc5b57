import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { brotliDecompressSync, constants as zlib, gunzipSync, inflateSync } from 'node:zlib';
import type { Log } from './log.ts';

// API Gateway in front of serverless offline. serverless offline answers a function that timed out or threw outside
// the middleware spine with HTTP 200 (or 502) and `{ errorMessage, errorType, stackTrace }`: a 2xx carrying a stack
// trace. API Gateway (HTTP API, Lambda proxy integration) answers the same failures with 500
// `{"message":"Internal Server Error"}`, and an unreachable integration with 503. This proxy gives the local stack
// those answers; everything else passes through unchanged. Like API Gateway it reads the whole request first (over
// 10 MB: 413) and hands the body on with its length, whatever the method.

export interface ApiGatewayProxy {
  url: string;
  stop(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'content-length',
]);
const LAMBDA_ERROR_KEYS = new Set(['errorMessage', 'errorType', 'stackTrace', 'trace']);

/**
 * True for the body serverless offline makes of a failed invocation (never a body of ours: ours are problem+json or a
 * resource, and neither starts with `errorMessage`). Offline writes `{"errorMessage":…,"errorType":…,"stackTrace":…}`
 * in that order; the opening alone decides, so a body cut short or too large to parse is still a failure. (A hog run
 * once got a killed POST /orders through as 200 with this body; whatever reached the parse, the opening is enough.)
 */
export const isLambdaFailure = (body: Buffer): boolean => {
  if (body.length === 0) return false;
  if (/^\s*\{\s*"error(Message|Type)"\s*:/.test(body.subarray(0, 64).toString('utf8'))) return true;
  if (body.length > 1_000_000) return false;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
    const keys = Object.keys(parsed);
    return keys.length > 0 && keys.every((key) => LAMBDA_ERROR_KEYS.has(key)) && ('errorType' in parsed || 'errorMessage' in parsed);
  } catch {
    return false;
  }
};

const GATEWAY_MESSAGES = { 413: 'Request Entity Too Large', 500: 'Internal Server Error', 503: 'Service Unavailable' } as const;
/** API Gateway HTTP API's payload limit. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/**
 * The body as offline wrote it before its HTTP server compressed it. hapi gzips a JSON answer of 1 KiB or more when
 * the client accepts gzip, and a timeout's body with its stack trace can be that long: read compressed, it passed as
 * a 200 carrying the stack trace. A body cut short decodes as far as it goes (the opening is what
 * `isLambdaFailure` needs); one that does not decode, or decodes past 10 MB, is returned as it came.
 */
export const decodedBody = (body: Buffer, encoding: string | string[] | undefined): Buffer => {
  const options = { finishFlush: zlib.Z_SYNC_FLUSH, maxOutputLength: MAX_PAYLOAD_BYTES };
  try {
    switch (
      String(encoding ?? '')
        .trim()
        .toLowerCase()
    ) {
      case 'gzip':
        return gunzipSync(body, options);
      case 'deflate':
        return inflateSync(body, options);
      case 'br':
        return brotliDecompressSync(body, { finishFlush: zlib.BROTLI_OPERATION_FLUSH, maxOutputLength: MAX_PAYLOAD_BYTES });
      default:
        return body;
    }
  } catch {
    return body;
  }
};

const gatewayError = (status: keyof typeof GATEWAY_MESSAGES, requestId: string) => ({
  status,
  headers: { 'content-type': 'application/json', 'apigw-requestid': requestId },
  body: JSON.stringify({ message: GATEWAY_MESSAGES[status] }),
});

const failureType = (body: Buffer): string => {
  try {
    return String((JSON.parse(body.toString()) as { errorType?: string }).errorType);
  } catch {
    return 'unknown';
  }
};

const forwardableHeaders = (headers: IncomingHttpHeaders): Record<string, string | string[]> =>
  Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined && !HOP_BY_HOP.has(entry[0])),
  );

export const startApiGatewayProxy = async (options: {
  port: number;
  upstreamPort: number;
  log: Log;
  host?: string;
}): Promise<ApiGatewayProxy> => {
  const host = options.host ?? '127.0.0.1';
  let sequence = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const requestId = `local-${Date.now().toString(36)}-${(sequence += 1)}`;
    const what = `${incoming.method} ${incoming.url?.slice(0, 200)}`;
    // One answer per request, whichever of end, error or close comes first; a client that left is no crash.
    outgoing.on('error', () => undefined);
    const reply = (status: number, headers: Record<string, string | string[]>, body: Buffer | string) => {
      if (outgoing.headersSent || outgoing.writableEnded || outgoing.destroyed) return;
      outgoing.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
      outgoing.end(body);
    };
    const fail = (status: keyof typeof GATEWAY_MESSAGES) => {
      const failure = gatewayError(status, requestId);
      reply(failure.status, failure.headers, failure.body);
    };

    const forward = (payload: Buffer | undefined) => {
      const headers = forwardableHeaders(incoming.headers);
      // The body goes on with its length, whatever the method. Piped without one, a DELETE (or GET) body went out
      // unframed: serverless offline read a request without a body, then the body as the next request on that
      // keep-alive connection (HPE_INVALID_METHOD), and its bare `400 Bad Request` for it landed on whichever request
      // used the connection next (an unrelated request got a plain 400, or an answer cut off half-way).
      if (payload) headers['content-length'] = String(payload.length);
      const upstream = httpRequest(
        { host, port: options.upstreamPort, method: incoming.method, path: incoming.url, headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const body = Buffer.concat(chunks);
            const plain = decodedBody(body, response.headers['content-encoding']);
            if (isLambdaFailure(plain)) {
              options.log(`${what}: the function failed (${failureType(plain)}); answering 500 as API Gateway does`);
              fail(500);
              return;
            }
            reply(response.statusCode ?? 502, forwardableHeaders(response.headers), body);
          });
          // An answer cut off half-way is a failed integration: 503, never silence.
          const cutOff = () => {
            if (response.complete || outgoing.headersSent) return;
            options.log(`${what}: serverless offline's answer was cut off; answering 503`);
            fail(503);
          };
          response.on('error', cutOff);
          response.on('close', cutOff);
        },
      );
      // API Gateway's own integration limit: 30 s.
      upstream.setTimeout(30_000, () => upstream.destroy(new Error('integration timeout (30 s)')));
      upstream.on('error', (error) => {
        options.log(`${what}: serverless offline unreachable (${error.message}); answering 503`);
        fail(503);
      });
      upstream.end(payload);
    };

    // API Gateway reads the whole request before it invokes the integration, and refuses a payload over 10 MB.
    const hasBody = incoming.headers['content-length'] !== undefined || incoming.headers['transfer-encoding'] !== undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    incoming.on('end', () => (size > MAX_PAYLOAD_BYTES ? fail(413) : forward(hasBody ? Buffer.concat(chunks) : undefined)));
    incoming.on('error', () => undefined);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host, exclusive: true }, () => resolve());
  });
  return {
    url: `http://${host}:${options.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
