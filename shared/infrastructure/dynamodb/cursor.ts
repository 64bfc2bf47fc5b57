import { ValidationError } from '#shared/domain/errors.ts';

type Key = Record<string, unknown>;

/** Opaque pagination cursor: base64url of the last evaluated key, checked against the keys we expect. */
export const encodeCursor = (key: Key | undefined): string | null =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;

export const decodeCursor = (cursor: string | undefined, expectedKeys: readonly string[]): Key | undefined => {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    const valid =
      typeof key === 'object' &&
      key !== null &&
      Object.keys(key).length === expectedKeys.length &&
      expectedKeys.every((name) => typeof (key as Key)[name] === 'string');
    if (valid) return key as Key;
  } catch {
    // falls through to the validation error
  }
  throw new ValidationError('The cursor is invalid.', { issues: [{ path: 'query.cursor', message: 'Not a cursor from this list' }] });
};
