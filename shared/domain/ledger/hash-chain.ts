import { encodeAbiParameters, keccak256, type Hex } from 'viem';
import { DomainError } from '#shared/domain/errors.ts';

/**
 * The order ledger's hash chain (docs/ledger.md is the specification a third party verifies against).
 *
 * hash = keccak256(abi.encode(string scheme, string orderId, uint64 version, string type, string occurredAt,
 *                             string canonicalJson(data), bytes32 prevHash))
 * prevHash = the hash of the order's previous event, GENESIS_HASH for version 1.
 */
export const LEDGER_SCHEME = 'orderly.ledger.v1';
export const GENESIS_HASH: Hex = `0x${'00'.repeat(32)}`;

/** The fields of an order event that the chain commits to; nothing else of the item is covered. */
export interface ChainedEvent {
  orderId: string;
  version: number;
  type: string;
  occurredAt: string;
  data: unknown;
}

export interface ChainLink {
  version: number;
  hash: Hex;
  prevHash: Hex;
}

export class UnhashableEventError extends DomainError {
  override readonly name = 'UnhashableEventError';
  readonly kind = 'invalid';
}

const HASH_SHAPE = /^0x[0-9a-f]{64}$/;
export const isHash = (value: unknown): value is Hex => typeof value === 'string' && HASH_SHAPE.test(value);

/**
 * JSON with object keys sorted by UTF-16 code units at every depth and no whitespace (RFC 8785 for the values an
 * order event holds). Properties whose value is undefined are left out, as DynamoDB leaves them out.
 */
export const canonicalJson = (value: unknown, path = 'data'): string => {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UnhashableEventError(`${path} is not a finite number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item, index) => canonicalJson(item ?? null, `${path}[${index}]`)).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item, `${path}.${key}`)}`).join(',')}}`;
  }
  throw new UnhashableEventError(`${path} holds a ${typeof value}, which has no canonical JSON form`);
};

const ENCODING = [
  { type: 'string', name: 'scheme' },
  { type: 'string', name: 'orderId' },
  { type: 'uint64', name: 'version' },
  { type: 'string', name: 'type' },
  { type: 'string', name: 'occurredAt' },
  { type: 'string', name: 'data' },
  { type: 'bytes32', name: 'prevHash' },
] as const;

/** The exact bytes that are hashed: useful to a third party reimplementing the chain. */
export const encodeEvent = (event: ChainedEvent, prevHash: Hex): Hex => {
  if (!Number.isSafeInteger(event.version) || event.version < 1)
    throw new UnhashableEventError(`version ${event.version} is not a positive integer`);
  if (!isHash(prevHash)) throw new UnhashableEventError(`prevHash ${String(prevHash)} is not 0x-prefixed lowercase 32-byte hex`);
  return encodeAbiParameters(ENCODING, [
    LEDGER_SCHEME,
    event.orderId,
    BigInt(event.version),
    event.type,
    event.occurredAt,
    canonicalJson(event.data),
    prevHash,
  ]);
};

export const eventHash = (event: ChainedEvent, prevHash: Hex): Hex => keccak256(encodeEvent(event, prevHash));

/** prevHash for the event at `version`, given the hash of the event before it. */
export const prevHashFor = (version: number, previous: Hex | undefined): Hex => {
  if (version === 1) return GENESIS_HASH;
  if (!previous) throw new UnhashableEventError(`event ${version} needs the hash of event ${version - 1}`);
  return previous;
};

/** Links for consecutive events of one order, oldest first, continuing from `previous` (the hash before the first). */
export const chainLinks = (events: readonly ChainedEvent[], previous?: Hex): ChainLink[] => {
  const links: ChainLink[] = [];
  let last = previous;
  for (const event of events) {
    const prevHash = prevHashFor(event.version, last);
    const hash = eventHash(event, prevHash);
    links.push({ version: event.version, hash, prevHash });
    last = hash;
  }
  return links;
};

export type ChainBreak =
  | { version: number; problem: 'hash-mismatch'; stored: string; computed: Hex }
  | { version: number; problem: 'prev-hash-mismatch'; stored: string; expected: Hex }
  | { version: number; problem: 'version-gap'; expected: number }
  | { version: number; problem: 'unhashable'; message: string };

/** Every place where an order's stored chain disagrees with its contents, oldest first; [] for an intact chain. */
export const findChainBreaks = (events: readonly (ChainedEvent & { hash: unknown; prevHash: unknown })[]): ChainBreak[] => {
  const breaks: ChainBreak[] = [];
  let previous: Hex | undefined;
  events.forEach((event, index) => {
    if (event.version !== index + 1) breaks.push({ version: event.version, problem: 'version-gap', expected: index + 1 });
    const expectedPrev = previous ?? GENESIS_HASH;
    if (event.prevHash !== expectedPrev)
      breaks.push({ version: event.version, problem: 'prev-hash-mismatch', stored: String(event.prevHash), expected: expectedPrev });
    let computed: Hex | undefined;
    try {
      computed = eventHash(event, isHash(event.prevHash) ? event.prevHash : expectedPrev);
      if (event.hash !== computed) breaks.push({ version: event.version, problem: 'hash-mismatch', stored: String(event.hash), computed });
    } catch (error) {
      breaks.push({ version: event.version, problem: 'unhashable', message: (error as Error).message });
    }
    // The next link must point at what is stored (a rewritten hash breaks the next prevHash as well).
    previous = isHash(event.hash) ? event.hash : (computed ?? GENESIS_HASH);
  });
  return breaks;
};
