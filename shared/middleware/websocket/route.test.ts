import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { ForbiddenError, UnauthorizedError, RateLimitedError } from '#shared/domain/errors.ts';
import { metrics } from '#shared/observability/index.ts';
import { sampleEvent } from '../../../tests/support/events.ts';
import { fakeContext } from '../../../tests/support/lambda.ts';
import { websocketRoute } from './route.ts';
import type { WebSocketEvent } from './types.ts';

const connectEvent = () => sampleEvent<WebSocketEvent>('websocket/connect.json');
const messageEvent = (body: string) => ({ ...sampleEvent<WebSocketEvent>('websocket/subscribe.json'), body });
const schema = z.object({ action: z.literal('subscribe'), channel: z.literal('orders:all') }).strict();

describe('the WebSocket spine', () => {
  afterEach(() => vi.restoreAllMocks());
  const quiet = () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  };

  it('hands the handler the parsed frame, the connection id and the correlation id, and sends back its frame', async () => {
    const seen: unknown[] = [];
    const handler = websocketRoute({ kind: 'message', schema }, async (input) => {
      seen.push({ body: input.body, connectionId: input.connectionId, hasCorrelationId: input.correlationId.length > 0 });
      return { type: 'subscribed', channel: 'orders:all' };
    });

    const result = await handler(messageEvent('{"action":"subscribe","channel":"orders:all"}'), fakeContext());

    expect(seen).toEqual([
      { body: { action: 'subscribe', channel: 'orders:all' }, connectionId: 'sample-connection-1', hasCorrelationId: true },
    ]);
    expect(result).toEqual({ statusCode: 200, body: '{"type":"subscribed","channel":"orders:all"}' });
  });

  it('never makes a client-chosen action a metric dimension', async () => {
    const dimension = vi.spyOn(metrics, 'addDimension');
    const handler = websocketRoute({ kind: 'message' }, async () => ({ type: 'pong' }));
    const event = messageEvent('{"action":"dance"}');
    event.requestContext.routeKey = 'dance';

    await handler(event, fakeContext());

    expect(dimension).toHaveBeenCalledWith('route', '$default');
  });

  it('takes the correlation id of the upgrade request', async () => {
    let correlationId = '';
    const handler = websocketRoute({ kind: 'upgrade' }, async (input) => void (correlationId = input.correlationId));

    expect(await handler(connectEvent(), fakeContext())).toEqual({ statusCode: 200 });
    expect(correlationId).toBe('sample-ws-corr-1');
  });

  it.each([
    ['malformed JSON', '{"action":', 'bad_request'],
    ['an unknown field', '{"action":"subscribe","channel":"orders:all","x":1}', 'bad_request'],
    ['an unknown channel', '{"action":"subscribe","channel":"orders:mine"}', 'bad_request'],
  ])('answers %s with an error frame, status 200, and never calls the handler', async (_label, body, code) => {
    const handle = vi.fn();
    const handler = websocketRoute({ kind: 'message', schema }, handle);

    const result = await handler(messageEvent(body), fakeContext());

    expect(handle).not.toHaveBeenCalled();
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toMatchObject({ type: 'error', code });
  });

  it.each([
    ['a forbidden error', new ForbiddenError('no'), 'forbidden', 'no'],
    ['an unexpected error', new Error('SDK internals: table orderly-prod'), 'internal', 'An unexpected error occurred.'],
  ])('turns %s in a message route into an error frame that leaks nothing', async (_label, error, code, message) => {
    quiet();
    const handler = websocketRoute({ kind: 'message' }, async () => {
      throw error;
    });

    const result = await handler(messageEvent('{}'), fakeContext());

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toEqual({ type: 'error', code, message, correlationId: expect.any(String) });
  });

  it.each([
    ['a refused ticket', new UnauthorizedError('bad ticket'), 401],
    ['a limit', new RateLimitedError('too many'), 429],
    ['an unexpected error', new Error('boom'), 500],
  ])('refuses the upgrade on %s with status %s and no body', async (_label, error, statusCode) => {
    quiet();
    const handler = websocketRoute({ kind: 'upgrade' }, async () => {
      throw error;
    });

    expect(await handler(connectEvent(), fakeContext())).toEqual({ statusCode });
  });
});
