import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayFramePusher, createManagementClient } from './api-gateway-frame-pusher.ts';

// A stand-in for the @connections endpoint on a real socket: the status comes from the connection id.
const received: Array<{ path: string; body: string }> = [];
let server: Server;
let endpoint: string;

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks).toString()));
  });

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const path = decodeURIComponent(request.url ?? '');
    received.push({ path, body: await readBody(request) });
    const status = Number(/status-(\d{3})/.exec(path)?.[1] ?? 200);
    const body = status === 410 && path.includes('named') ? JSON.stringify({ message: 'gone' }) : '';
    response
      .writeHead(
        status,
        status === 410 && path.includes('named') ? { 'x-amzn-errortype': 'GoneException', 'content-type': 'application/json' } : {},
      )
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const pusher = () =>
  apiGatewayFramePusher(
    createManagementClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );

describe('the API Gateway frame pusher', () => {
  it('posts the frame as JSON text to @connections/<id>', async () => {
    const outcome = await pusher().push('conn-ok', { type: 'pong' });

    expect(outcome).toBe('sent');
    expect(received.at(-1)).toEqual({ path: '/@connections/conn-ok', body: '{"type":"pong"}' });
  });

  it.each([
    ['a bare 410 (serverless offline)', 'status-410'],
    ['a GoneException (API Gateway)', 'status-410-named'],
  ])('reports a connection answered with %s as gone', async (_label, connectionId) => {
    expect(await pusher().push(connectionId, { type: 'pong' })).toBe('gone');
  });

  it.each([
    ['throttled', 'status-429'],
    ['failing', 'status-500'],
    ['forbidden', 'status-403'],
  ])('throws when the endpoint is %s, so the message is retried', async (_label, connectionId) => {
    await expect(pusher().push(connectionId, { type: 'pong' })).rejects.toThrow();
  });
});
