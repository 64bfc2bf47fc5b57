import { describe, expect, it } from 'vitest';
import { n } from '../../bench/results-md.ts';

const kib = (value: number) => ({ value, unit: 'KiB' });

describe('bench RESULTS.md numbers', () => {
  it('keeps the zeros of whole numbers (30.5 KiB to 0 decimals is 31, 30.4 is 30, never 3)', () => {
    expect(n(kib(30.46), 0)).toBe('30');
    expect(n(kib(30.5), 0)).toBe('31');
    expect(n(kib(100), 0)).toBe('100');
    expect(n(kib(68.3), 0)).toBe('68');
  });

  it('drops trailing decimal zeros only', () => {
    expect(n(kib(1.1))).toBe('1.1');
    expect(n(kib(1.0))).toBe('1');
    expect(n(kib(200), 1)).toBe('200');
    expect(n(kib(219.8), 1)).toBe('219.8');
    expect(n(kib(0.05), 1)).toBe('0.1');
    expect(n(kib(0))).toBe('0');
  });

  it('prints a dash for a missing or non-finite figure', () => {
    expect(n(undefined)).toBe('-');
    expect(n(kib(Number.NaN))).toBe('-');
  });
});
