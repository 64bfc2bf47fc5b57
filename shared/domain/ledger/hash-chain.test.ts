import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  chainLinks,
  encodeEvent,
  eventHash,
  findChainBreaks,
  GENESIS_HASH,
  UnhashableEventError,
  type ChainedEvent,
} from './hash-chain.ts';

const ORDER = '01JSAMPLEORDER0000000000';
// The vectors of docs/ledger.md: change them only together with the document and LEDGER_SCHEME.
const vectorEvents: ChainedEvent[] = [
  {
    orderId: ORDER,
    version: 1,
    type: 'OrderPlaced',
    occurredAt: '2026-01-02T03:04:05.678Z',
    data: {
      total: { currency: 'EUR', amount: 2500 },
      customerId: '01JSAMPLECUSTOMER0000000',
      lines: [
        {
          productId: '01JSAMPLEPRODUCT00000000',
          name: 'Café crème',
          quantity: 2,
          unitPrice: { amount: 1250, currency: 'EUR' },
          lineTotal: { amount: 2500, currency: 'EUR' },
        },
      ],
    },
  },
  {
    orderId: ORDER,
    version: 2,
    type: 'OrderPaid',
    occurredAt: '2026-01-02T03:04:07.000Z',
    data: { amount: { amount: 2500, currency: 'EUR' } },
  },
  { orderId: ORDER, version: 3, type: 'OrderShipped', occurredAt: '2026-01-03T10:00:00.000Z', data: {} },
];
const vectorHashes = [
  '0x7c0069a715e01f0d8bd60194d070f4a9fa52e222191dc153eb8c9d28b859af8b',
  '0x0b72a4849c26319077e78db75b17bc570eff58b2d3f31fe50a4b1aef6b93cc8c',
  '0x3bdfa1084a2fef67356abeab8961ab9ae176da0974a0dc1ed373ba2c012f2e4f',
] as const;

const word = (hex: string) => hex.padStart(64, '0');
const text = (value: string) => {
  const bytes = Buffer.from(value, 'utf8');
  return word(bytes.length.toString(16)) + bytes.toString('hex').padEnd(Math.ceil(bytes.length / 32) * 64, '0');
};

describe('the order hash chain', () => {
  it.each(vectorEvents.map((event, index) => [event.version, event.type, index] as const))(
    'reproduces the documented hash of event %i (%s)',
    (_version, _type, index) => {
      const links = chainLinks(vectorEvents);

      expect(links[index]).toEqual({
        version: index + 1,
        hash: vectorHashes[index],
        prevHash: index === 0 ? GENESIS_HASH : vectorHashes[index - 1],
      });
    },
  );

  it('hashes exactly the ABI encoding the document spells out word by word', () => {
    // Seven head words (offsets of the five strings, the version, prevHash), then each string as length + padded bytes.
    const tails = ['orderly.ledger.v1', ORDER, 'OrderShipped', '2026-01-03T10:00:00.000Z', '{}'].map(text);
    const offsets: number[] = [];
    tails.reduce((offset, tail) => (offsets.push(offset), offset + tail.length / 2), 7 * 32);
    const expected = `0x${word(offsets[0]!.toString(16))}${word(offsets[1]!.toString(16))}${word('3')}${word(offsets[2]!.toString(16))}${word(offsets[3]!.toString(16))}${word(offsets[4]!.toString(16))}${vectorHashes[1].slice(2)}${tails.join('')}`;

    expect(encodeEvent(vectorEvents[2]!, vectorHashes[1])).toBe(expected);
  });

  it.each([
    ['object keys in any order', { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'é' } }, '{"a":{"c":"é","d":[1,{"x":1,"y":2}]},"b":1}'],
    ['undefined properties', { a: undefined, b: null }, '{"b":null}'],
    ['numbers in their shortest form', { n: 1e21, f: 0.1, z: -0 }, '{"f":0.1,"n":1e+21,"z":0}'],
    ['escapes', { 'quote"': 'line\nbreak\u0001' }, '{"quote\\"":"line\\nbreak\\u0001"}'],
    ['an empty object', {}, '{}'],
  ])('writes canonical JSON for %s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([
    ['NaN', { amount: Number.NaN }],
    ['Infinity', { amount: Number.POSITIVE_INFINITY }],
    ['a bigint', { amount: 1n }],
    ['a Date', { at: new Date(0) }],
  ])('refuses data holding %s', (_name, data) => {
    expect(() => eventHash({ ...vectorEvents[1]!, data }, vectorHashes[0])).toThrow(UnhashableEventError);
  });

  it.each([
    ['orderId', { orderId: '01JSAMPLEORDER0000000001' }],
    ['version', { version: 4 }],
    ['type', { type: 'OrderDelivered' }],
    ['occurredAt', { occurredAt: '2026-01-03T10:00:00.001Z' }],
    ['data', { data: { note: '' } }],
  ])('changes the hash when %s changes', (_field, change) => {
    expect(eventHash({ ...vectorEvents[2]!, ...change }, vectorHashes[1])).not.toBe(vectorHashes[2]);
  });

  it('changes the hash when prevHash changes, so no event can be moved to another chain', () => {
    expect(eventHash(vectorEvents[2]!, vectorHashes[0])).not.toBe(vectorHashes[2]);
  });

  it('refuses a second event without the hash before it', () => {
    expect(() => chainLinks(vectorEvents.slice(1))).toThrow(UnhashableEventError);
  });

  it('continues a chain from a stored previous hash', () => {
    expect(chainLinks(vectorEvents.slice(2), vectorHashes[1])[0]?.hash).toBe(vectorHashes[2]);
  });

  describe('finding breaks in a stored chain', () => {
    const stored = () => chainLinks(vectorEvents).map((link, index) => ({ ...vectorEvents[index]!, ...link }));

    it('finds none in an intact chain', () => {
      expect(findChainBreaks(stored())).toEqual([]);
    });

    it('names the event whose data was edited', () => {
      const events = stored();
      events[1] = { ...events[1]!, data: { amount: { amount: 1, currency: 'EUR' } } };

      expect(findChainBreaks(events)).toEqual([expect.objectContaining({ version: 2, problem: 'hash-mismatch', stored: vectorHashes[1] })]);
    });

    it('names the next event too when an edit was covered up by rehashing the edited event', () => {
      const events = stored();
      const data = { amount: { amount: 1, currency: 'EUR' } };
      events[1] = { ...events[1]!, data, hash: eventHash({ ...events[1]!, data }, vectorHashes[0]) };

      expect(findChainBreaks(events)).toEqual([expect.objectContaining({ version: 3, problem: 'prev-hash-mismatch' })]);
    });

    it('names a missing event as a gap', () => {
      const events = stored();

      expect(findChainBreaks([events[0]!, events[2]!])).toEqual(
        expect.arrayContaining([expect.objectContaining({ version: 3, problem: 'version-gap', expected: 2 })]),
      );
    });

    it('names an event without a hash', () => {
      const events = stored();
      events[0] = { ...events[0]!, hash: undefined as never };

      expect(findChainBreaks(events)[0]).toMatchObject({ version: 1, problem: 'hash-mismatch' });
    });
  });
});
