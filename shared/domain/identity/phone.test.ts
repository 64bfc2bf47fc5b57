import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors.ts';
import { findPhoneProblem, parsePhone } from './phone.ts';

describe('parsePhone', () => {
  it.each([
    ['+442079460958', '+442079460958'],
    ['+1 (415) 555-2671', '+14155552671'],
    [' +33 6 12 34 56 78 ', '+33612345678'],
    ['+12345678', '+12345678'],
    ['+123456789012345', '+123456789012345'],
    ['+49.30.1234567', '+49301234567'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(parsePhone(raw)).toBe(expected);
  });

  it.each([
    ['no leading +', '442079460958'],
    ['a country code starting with 0', '+0442079460958'],
    ['7 digits', '+1234567'],
    ['16 digits', '+1234567890123456'],
    ['letters', '+44207946095a'],
    ['a double +', '++442079460958'],
    ['an extension', '+442079460958x12'],
    ['an empty string', ''],
    ['a lone +', '+'],
  ])('rejects %s', (_case, raw) => {
    // Act
    const act = () => parsePhone(raw);

    // Assess
    expect(act).toThrow(ValidationError);
    expect(findPhoneProblem(raw)).toMatch(/E\.164/);
  });

  it('reports the problem as an issue on the phone field', () => {
    // Act
    const act = () => parsePhone('020 7946 0958');

    // Assess
    expect(act).toThrow(expect.objectContaining({ issues: [{ path: 'phone', message: expect.stringContaining('E.164') }] }));
  });
});
