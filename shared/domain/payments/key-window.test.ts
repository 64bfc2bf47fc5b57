import { describe, expect, it } from 'vitest';
import { mayHaveOutlivedKey } from './key-window.ts';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();
const DAY = 86_400;

describe('looking a charge up before a late retry (the provider key window)', () => {
  it.each([
    ['a fresh message and claim', [ago(5), ago(2)], false],
    ['a claim a few hours old', [ago(4 * 3600)], false],
    ['a message just inside the window less the margin', [ago(DAY - 3_601)], false],
    ['a message within the margin of the window', [ago(DAY - 3_599)], true],
    ['a message a whole window old', [ago(DAY)], true],
    ['a redrive after 14 days (the DLQ retention)', [ago(14 * DAY), ago(14 * DAY - 10)], true],
    ['an old message with a fresh claim (the oldest counts)', [ago(2 * DAY), ago(1)], true],
    ['a fresh message with an old claim', [ago(1), ago(2 * DAY)], true],
    ['nothing known', [undefined, undefined], false],
    ['an unreadable timestamp', ['yesterday'], true],
  ] as const)('%s → look up: %s', (_label, since, expected) => {
    expect(mayHaveOutlivedKey({ now: NOW, since, keyWindowSeconds: DAY })).toBe(expected);
  });

  it('scales the margin with a short window (a tenth of it)', () => {
    expect(mayHaveOutlivedKey({ now: NOW, since: [ago(8)], keyWindowSeconds: 10 })).toBe(false);
    expect(mayHaveOutlivedKey({ now: NOW, since: [ago(9)], keyWindowSeconds: 10 })).toBe(true);
  });
});
