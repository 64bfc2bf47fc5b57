import { describe, expect, it } from 'vitest';
import { fuzzTargets, hostileRequests, type FuzzFixtures } from '../support/fuzz/hostile-requests.ts';
import { loadDocument } from '../support/openapi-responses.ts';

const document = loadDocument();
const token = (sub: string) =>
  `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub, roles: ['customer'] })).toString('base64url')}.c2ln`;
const fixtures: FuzzFixtures = {
  productId: '01JDQ8Z7V6M3Q2W1E0R9T8Y7K6',
  orderId: '01JDQ9A1B2C3D4E5F6G7H8J9K0',
  userId: '01JDQ8Z7V6M3Q2W1E0R9T8Y7K7',
  tokens: { customer: token('c'), admin: token('a') },
};

describe('the hostile request generator', () => {
  const requests = hostileRequests(document, fixtures, { count: 2_000, seed: 7 });

  it('is deterministic for a seed', () => {
    expect(hostileRequests(document, fixtures, { count: 2_000, seed: 7 })).toEqual(requests);
    expect(hostileRequests(document, fixtures, { count: 2_000, seed: 8 })).not.toEqual(requests);
  });

  it('covers every operation, the odd methods and every caller kind', () => {
    const targets = new Set(requests.map((request) => (request.target.startsWith('oddMethod') ? 'oddMethod' : request.target)));
    expect([...targets].sort()).toEqual([...fuzzTargets(document).map((target) => target.operationId), 'oddMethod'].sort());
    expect(new Set(requests.map((request) => request.caller))).toEqual(new Set(['anonymous', 'customer', 'admin']));
    expect(requests.length).toBeGreaterThanOrEqual(2_000);
  });

  it('makes every request to a state-changing operation carry a mutation that must be rejected', () => {
    const mutating = requests.filter((request) => request.method !== 'GET');
    expect(mutating.every((request) => request.mustReject)).toBe(true);
  });

  it.each([
    'body.overLimit',
    'body.malformedJson',
    'header.wrongContentType',
    'path.nonUlid',
    'query.forgedCursor',
    'query.badLimit',
    'header.badAuthorization',
    'header.badIdempotencyKey',
    'body.extraField',
    'body.missingRequired',
    'body.wrongValue',
    'method.odd',
  ])('generates %s', (label) => expect(requests.some((request) => request.mutations.includes(label))).toBe(true));

  it('sends unknown paths with every kind of body, oversized included, to the catch-all', () => {
    const odd = requests.filter((request) => request.target.startsWith('oddMethod'));
    expect(odd.some((request) => request.url.startsWith('/no/such/route') && request.mutations.includes('body.overLimit'))).toBe(true);
    expect(new Set(odd.flatMap((request) => request.mutations))).toEqual(
      new Set(['method.odd', 'body.none', 'body.json', 'body.overLimit', 'body.malformedJson', 'header.wrongContentType']),
    );
  });

  it('interleaves the operations (no long run of one function, which would go cold between runs)', () => {
    const longest = requests.reduce(
      (state, request) => {
        const run = request.target === state.previous ? state.run + 1 : 1;
        return { previous: request.target, run, longest: Math.max(state.longest, run) };
      },
      { previous: '', run: 0, longest: 0 },
    ).longest;
    expect(longest).toBeLessThan(10);
  });

  it('keeps headers within what HTTP servers accept (ByteStrings, under 16 KiB in total)', () => {
    for (const request of requests) {
      const size = Object.entries(request.headers).reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);
      expect(size).toBeLessThan(16 * 1024);
      for (const value of Object.values(request.headers)) expect(value).toMatch(/^[\x20-\x7e\x80-\xff]*$/);
    }
  });
});
