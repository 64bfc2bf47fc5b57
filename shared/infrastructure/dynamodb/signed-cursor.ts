import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '#shared/domain/errors.ts';

type Key = Record<string, unknown>;

/** Where a signed cursor leads: the last evaluated key and how many pages after the first it opens. */
export interface CursorPosition {
  key: Key;
  depth: number;
}

/** Cursors that only this service can mint: a forged or edited one is a ValidationError, never a new position. */
export interface SignedCursors {
  seal(position: CursorPosition): string;
  open(cursor: string, expectedKeys: readonly string[]): CursorPosition;
}

const invalid = () =>
  new ValidationError('The cursor is invalid.', { issues: [{ path: 'query.cursor', message: 'Not a cursor from this list' }] });

const isPosition = (value: unknown, expectedKeys: readonly string[]): value is { k: Key; d: number } => {
  if (typeof value !== 'object' || value === null) return false;
  const { k: key, d: depth } = value as { k?: unknown; d?: unknown };
  return (
    Number.isSafeInteger(depth) &&
    (depth as number) >= 1 &&
    typeof key === 'object' &&
    key !== null &&
    Object.keys(key).length === expectedKeys.length &&
    expectedKeys.every((name) => typeof (key as Key)[name] === 'string')
  );
};

/**
 * `<payload>.<tag>`: base64url JSON of the position, and its HMAC-SHA256 under a per-stage secret. `purpose` names the
 * list, so a cursor signed for one list is refused by another. The tag is checked before the payload is parsed.
 */
export const signedCursors = (secret: string, purpose: string): SignedCursors => {
  if (secret.length < 16) throw new Error('A cursor signing secret needs at least 16 characters');
  const tagOf = (payload: string) => createHmac('sha256', secret).update(`${purpose}\n${payload}`).digest('base64url');

  return {
    seal: ({ key, depth }) => {
      const payload = Buffer.from(JSON.stringify({ k: key, d: depth }), 'utf8').toString('base64url');
      return `${payload}.${tagOf(payload)}`;
    },
    open: (cursor, expectedKeys) => {
      const [payload, tag, ...rest] = cursor.split('.');
      if (!payload || !tag || rest.length > 0) throw invalid();
      // Compared as text: base64url decoding is lenient, so two spellings of one tag would otherwise both pass.
      const expected = Buffer.from(tagOf(payload));
      const given = Buffer.from(tag);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw invalid();
      }
      if (!isPosition(parsed, expectedKeys)) throw invalid();
      return { key: parsed.k, depth: parsed.d };
    },
  };
};
