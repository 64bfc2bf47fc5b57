import { createServer, type Server } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodedBody, isLambdaFailure, MAX_PAYLOAD_BYTES, startApiGatewayProxy, type ApiGatewayProxy } from './api-gateway-proxy.ts';
import { freePort } from './ports.ts';

const TIMEOUT_BODY = {
  errorMessage: '[504] - Lambda timeout.',
  errorType: 'LambdaTimeoutError',
  stackTrace: [
    'LambdaTimeoutError: [504] - Lambda timeout.',
    '    at LambdaFunction.#timeoutAndTerminate (file:///x/node_modules/serverless-offline/src/lambda/LambdaFunction.js:287:11)',
  ],
};

// A timeout's body as long as offline's can be: over 1 KiB, which hapi gzips when the client accepts gzip.
const LONG_TIMEOUT_BODY = JSON.stringify({
  ...TIMEOUT_BODY,
  stackTrace: [...TIMEOUT_BODY.stackTrace, ...Array(12).fill(TIMEOUT_BODY.stackTrace[1])],
});
const COMPRESSED_ANSWER = JSON.stringify({ items: Array.from({ length: 40 }, (_, index) => ({ id: index, name: `product ${index}` })) });

describe('the local API Gateway proxy', () => {
  let upstream: Server;
  let proxy: ApiGatewayProxy;
  const logs: string[] = [];
  const clientErrors: string[] = [];

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        if (request.url === '/timeout') {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(TIMEOUT_BODY));
        } else if (request.url === '/timeout-gzip') {
          response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', vary: 'accept-encoding' });
          response.end(gzipSync(LONG_TIMEOUT_BODY));
        } else if (request.url === '/list-gzip') {
          response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', vary: 'accept-encoding' });
          response.end(gzipSync(COMPRESSED_ANSWER));
        } else if (request.url === '/crash') {
          response.writeHead(502, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ errorMessage: 'boom', errorType: 'Error', stackTrace: ['Error: boom'] }));
        } else {
          response.writeHead(201, { 'content-type': 'application/json', 'x-correlation-id': 'abc' });
          response.end(JSON.stringify({ echo: body, method: request.method, url: request.url, auth: request.headers.authorization }));
        }
      });
    });
    // Node's HTTP server (hapi's, in serverless offline) reports bytes it cannot parse as a request here.
    upstream.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      clientErrors.push(String(error.code));
      socket.destroy();
    });
    const upstreamPort = await freePort();
    await new Promise<void>((resolve) => upstream.listen(upstreamPort, '127.0.0.1', () => resolve()));
    proxy = await startApiGatewayProxy({ port: await freePort(), upstreamPort, log: (line) => logs.push(line) });
  });
  afterAll(async () => {
    await proxy.stop();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('passes requests and answers through unchanged', async () => {
    const response = await fetch(`${proxy.url}/orders?limit=5`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-correlation-id')).toBe('abc');
    expect(await response.json()).toEqual({ echo: '{"a":1}', method: 'POST', url: '/orders?limit=5', auth: 'Bearer t' });
  });

  it.each(['DELETE', 'OPTIONS', 'PUT', 'PATCH'])(
    'passes a %s body on with its length, so the upstream reads it as the body',
    async (method) => {
      clientErrors.length = 0;
      const response = await fetch(`${proxy.url}/anything`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: '{"roles":["admin"]}',
      });
      expect(await response.json()).toMatchObject({ echo: '{"roles":["admin"]}', method });
      // Unframed, the body would have been read as the next request on the keep-alive connection.
      const next = await fetch(`${proxy.url}/next`);
      expect(await next.json()).toMatchObject({ echo: '', method: 'GET', url: '/next' });
      expect(clientErrors).toEqual([]);
    },
  );

  it("refuses a payload over API Gateway's 10 MB with 413, without calling the upstream", async () => {
    const response = await fetch(`${proxy.url}/big`, { method: 'POST', body: 'x'.repeat(MAX_PAYLOAD_BYTES + 1) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
  });

  it.each(['/timeout', '/crash', '/timeout-gzip'])(
    'answers a failed invocation (%s) with 500 and no stack trace, as API Gateway does',
    async (path) => {
      const response = await fetch(`${proxy.url}${path}`);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ message: 'Internal Server Error' });
      expect(text).not.toMatch(/stack|Lambda|Error:/);
    },
  );

  it('reads a compressed answer to judge it, and passes a good one on as it came, compressed', async () => {
    logs.length = 0;
    await fetch(`${proxy.url}/timeout-gzip`, { headers: { 'accept-encoding': 'gzip' } });
    expect(logs.join('\n')).toMatch(/GET \/timeout-gzip: the function failed \(LambdaTimeoutError\)/);

    const response = await fetch(`${proxy.url}/list-gzip`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toBe(COMPRESSED_ANSWER);
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('decodes a %s body, also one cut short, and leaves anything else as it came', (encoding, compress) => {
    const compressed = compress(Buffer.from(LONG_TIMEOUT_BODY));
    expect(decodedBody(compressed, encoding).toString()).toBe(LONG_TIMEOUT_BODY);
    expect(isLambdaFailure(decodedBody(compressed.subarray(0, Math.ceil(compressed.length / 2)), encoding))).toBe(true);
    expect(decodedBody(Buffer.from('not compressed'), encoding).toString()).toBe('not compressed');
    expect(decodedBody(Buffer.from(LONG_TIMEOUT_BODY), undefined).toString()).toBe(LONG_TIMEOUT_BODY);
  });

  it('answers 503 when serverless offline is unreachable', async () => {
    const orphan = await startApiGatewayProxy({ port: await freePort(), upstreamPort: await freePort(), log: () => {} });
    const response = await fetch(`${orphan.url}/health`);
    await orphan.stop();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: 'Service Unavailable' });
  });

  it.each([
    [{ errorMessage: 'x', errorType: 'Error' }, true],
    [{ type: 'https://orderly.dev/problems/x', errorType: 'x' }, false],
    [{ items: [], nextCursor: null }, false],
    [[], false],
    [{ stackTrace: ['x'], errorType: 'Error' }, true],
  ])('recognises serverless offline failure bodies: %j → %s', (body, expected) => {
    expect(isLambdaFailure(Buffer.from(JSON.stringify(body)))).toBe(expected);
  });

  it('recognises a failure body cut short or over a megabyte by its opening', () => {
    const whole = JSON.stringify({ ...TIMEOUT_BODY, stackTrace: [...TIMEOUT_BODY.stackTrace, 'x'.repeat(1_100_000)] });
    expect(isLambdaFailure(Buffer.from(whole))).toBe(true);
    expect(isLambdaFailure(Buffer.from(whole.slice(0, 120)))).toBe(true);
    expect(isLambdaFailure(Buffer.from('{"errorMessagesSeen":3}'))).toBe(false);
    expect(isLambdaFailure(Buffer.from('{"error":"x"}'))).toBe(false);
  });
});
