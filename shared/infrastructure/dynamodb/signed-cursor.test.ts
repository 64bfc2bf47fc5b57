import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors.ts';
import { signedCursors } from './signed-cursor.ts';

const KEYS = ['PK', 'SK'] as const;
const SECRET = 'unit-test-cursor-secret';
const cursors = signedCursors(SECRET, 'catalog:list');
const position = { key: { PK: 'PRODUCT#01J', SK: 'PRODUCT' }, depth: 3 };
const valid = cursors.seal(position);
const [payload, tag] = valid.split('.') as [string, string];
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;

describe('signedCursors', () => {
  it('opens what it sealed: the key and the depth', () => {
    expect(cursors.open(valid, KEYS)).toEqual(position);
    expect(valid).toMatch(/^[\w-]+\.[\w-]{43}$/);
  });

  it.each([
    ['an edited payload, old tag', `${encode({ k: { PK: 'PRODUCT#02K', SK: 'PRODUCT' }, d: 3 })}.${tag}`],
    ['a deeper page, old tag', `${encode({ k: position.key, d: 4 })}.${tag}`],
    ['one character of the payload changed', `${flip(payload, 5)}.${tag}`],
    ['one character of the tag changed', `${payload}.${flip(tag, 10)}`],
    ['a truncated tag', `${payload}.${tag.slice(0, -1)}`],
    ['another spelling of the tag', `${payload}.${tag}=`],
    ['no tag', payload],
    ['an empty tag', `${payload}.`],
    ['an extra part', `${valid}.x`],
    ['the unsigned format', encode(position.key)],
    ['another secret', signedCursors('another-cursor-secret', 'catalog:list').seal(position)],
    ['another list', signedCursors(SECRET, 'identity:users').seal(position)],
    ['a signed payload of the wrong shape', signedCursors(SECRET, 'catalog:list').seal({ key: { PK: 'PRODUCT#1' }, depth: 1 })],
    ['a signed depth of 0', signedCursors(SECRET, 'catalog:list').seal({ key: position.key, depth: 0 })],
    ['a signed key that is not text', signedCursors(SECRET, 'catalog:list').seal({ key: { PK: 1, SK: 'PRODUCT' }, depth: 1 })],
  ])('refuses %s with a ValidationError on query.cursor', (_case, cursor) => {
    const refusal = (() => {
      try {
        cursors.open(cursor, KEYS);
      } catch (error) {
        return error;
      }
    })();

    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).issues).toEqual([{ path: 'query.cursor', message: 'Not a cursor from this list' }]);
  });

  it('refuses a secret too short to sign with', () => {
    expect(() => signedCursors('short', 'catalog:list')).toThrow(/at least 16/);
  });
});
