import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Log } from './log.ts';

// API Gateway in front of serverless offline. serverless offline answers a function that timed out or threw outside
// the middleware spine with HTTP 200 (or 502) and `{ errorMessage, errorType, stackTrace }`: a 2xx carrying a stack
// trace. API Gateway (HTTP API, Lambda proxy integration) answers the same failures with 500
// `{"message":"Internal Server Error"}`, and an unreachable integration with 503. This proxy gives the local stack
// those answers; everything else passes through unchanged.

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

/** True for the body serverless offline makes of a failed invocation (never a body of ours). */
export const isLambdaFailure = (contentType: string | undefined, body: Buffer): boolean => {
  if (body.length === 0 || body.length > 1_000_000 || (contentType ?? '').includes('problem+json')) return false;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
    const keys = Object.keys(parsed);
    return keys.length > 0 && keys.every((key) => LAMBDA_ERROR_KEYS.has(key)) && ('errorType' in parsed || 'errorMessage' in parsed);
  } catch {
    return false;
  }
};

const gatewayError = (status: 500 | 503, requestId: string) => ({
  status,
  headers: { 'content-type': 'application/json', 'apigw-requestid': requestId },
  body: JSON.stringify({ message: status === 500 ? 'Internal Server Error' : 'Service Unavailable' }),
});

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
    // One answer per request, whichever of end, error or close comes first; a client that left is no crash.
    outgoing.on('error', () => undefined);
    incoming.on('error', () => upstream.destroy());
    const reply = (status: number, headers: Record<string, string | string[]>, body: Buffer | string) => {
      if (outgoing.headersSent || outgoing.writableEnded || outgoing.destroyed) return;
      outgoing.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
      outgoing.end(body);
    };
    const upstream = httpRequest(
      { host, port: options.upstreamPort, method: incoming.method, path: incoming.url, headers: forwardableHeaders(incoming.headers) },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          if (isLambdaFailure(response.headers['content-type'], body)) {
            const reason = (() => {
              try {
                return String((JSON.parse(body.toString()) as { errorType?: string }).errorType);
              } catch {
                return 'unknown';
              }
            })();
            options.log(`${incoming.method} ${incoming.url}: the function failed (${reason}); answering 500 as API Gateway does`);
            const failure = gatewayError(500, requestId);
            reply(failure.status, failure.headers, failure.body);
            return;
          }
          reply(response.statusCode ?? 502, forwardableHeaders(response.headers), body);
        });
        // An answer cut off half-way is a failed integration: 503, never silence.
        const cutOff = () => {
          if (response.complete || outgoing.headersSent) return;
          const failure = gatewayError(503, requestId);
          reply(failure.status, failure.headers, failure.body);
        };
        response.on('error', cutOff);
        response.on('close', cutOff);
      },
    );
    // API Gateway's own integration limit: 30 s.
    upstream.setTimeout(30_000, () => upstream.destroy(new Error('integration timeout (30 s)')));
    upstream.on('error', (error) => {
      options.log(`${incoming.method} ${incoming.url}: serverless offline unreachable (${error.message}); answering 503`);
      const failure = gatewayError(503, requestId);
      if (!outgoing.headersSent) reply(failure.status, failure.headers, failure.body);
    });
    incoming.pipe(upstream);
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
