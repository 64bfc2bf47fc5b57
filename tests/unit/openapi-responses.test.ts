import { describe, expect, it } from 'vitest';
import { createResponseChecker, type ObservedResponse } from '../support/openapi-responses.ts';

const checker = createResponseChecker();
const CID = '01JDQ8Z7V6M3Q2W1E0R9T8Y7K6';
const json = (body: unknown, type = 'application/json') => ({
  headers: new Headers({ 'content-type': type, 'x-correlation-id': CID }),
  text: JSON.stringify(body),
});
const problem = (status: number, title: string, extra: object = {}) =>
  json(
    {
      type: `https://orderly.dev/problems/${title.toLowerCase().replaceAll(' ', '-')}`,
      title,
      status,
      detail: 'x',
      correlationId: CID,
      ...extra,
    },
    'application/problem+json',
  );
const health = { status: 'ok', version: '0.1.0', time: '2026-12-01T09:30:00.000Z' };

const cases: Array<[string, ObservedResponse, RegExp | undefined]> = [
  ['a conforming success', { method: 'GET', url: '/health', status: 200, ...json(health) }, undefined],
  ['an undeclared status', { method: 'GET', url: '/health', status: 418, ...json(health) }, /status 418 is not declared/],
  [
    'a missing field',
    { method: 'GET', url: '/health', status: 200, ...json({ status: 'ok', time: health.time }) },
    /must have required property 'version'/,
  ],
  [
    'an undeclared field',
    { method: 'GET', url: '/health', status: 200, ...json({ ...health, stack: 'at x' }) },
    /additional properties \(stack\)/,
  ],
  [
    'a malformed timestamp',
    { method: 'GET', url: '/health', status: 200, ...json({ ...health, time: 'yesterday' }) },
    /must match format "date-time"/,
  ],
  [
    'a 2xx that is a Lambda timeout',
    {
      method: 'POST',
      url: '/auth/register',
      status: 200,
      ...json({ errorMessage: '[504] - Lambda timeout.', errorType: 'LambdaTimeoutError' }),
    },
    /status 200 is not declared/,
  ],
  [
    'a documented problem',
    {
      method: 'POST',
      url: '/auth/register',
      status: 400,
      ...problem(400, 'Bad Request', { errors: [{ path: 'body.email', message: 'bad' }] }),
    },
    undefined,
  ],
  [
    'a problem with the wrong title',
    { method: 'POST', url: '/auth/register', status: 409, ...problem(409, 'Bad Request') },
    /body\/title must be equal to constant|body\/type must be equal to/,
  ],
  [
    'a problem sent as plain JSON',
    { method: 'POST', url: '/auth/register', status: 409, ...json({}) },
    /content-type application\/json is not one of application\/problem\+json/,
  ],
  ['a 204 with a body', { method: 'POST', url: '/auth/logout', status: 204, ...json({ ok: true }) }, /declares no body/],
  [
    'a templated path and a query string',
    { method: 'GET', url: `/products/${CID}?x=1`, status: 404, ...problem(404, 'Not Found') },
    undefined,
  ],
  ['an unknown route answered 404', { method: 'GET', url: '/nope', status: 404, ...problem(404, 'Not Found') }, undefined],
  ['an unknown route answered 200', { method: 'GET', url: '/nope', status: 200, ...json({}) }, /has no operation, so it must be 404/],
  [
    'no correlation id',
    {
      method: 'GET',
      url: '/health',
      status: 200,
      headers: new Headers({ 'content-type': 'application/json' }),
      text: JSON.stringify(health),
    },
    /x-correlation-id missing/,
  ],
];

describe('checking responses against docs/openapi.json', () => {
  it.each(cases)('%s', (_name, observed, expected) => {
    const problems = checker.check(observed);
    if (expected) expect(problems.join('\n')).toMatch(expected);
    else expect(problems).toEqual([]);
  });

  it('routes literal paths before templates', () => {
    expect(checker.operationOf('GET', '/orders')?.operationId).toBe('listMyOrders');
    expect(checker.operationOf('GET', `/orders/${CID}/events`)?.operationId).toBe('listOrderEvents');
    expect(checker.operationOf('PATCH', '/orders')).toBeUndefined();
  });
});
