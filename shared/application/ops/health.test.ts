import { describe, expect, it } from 'vitest';
import { fixedClock } from '#shared/domain/testing/fixed-clock.ts';
import { health } from './health.ts';

describe('health', () => {
  it('answers ok with the build version and the time', () => {
    expect(health({ clock: fixedClock('2026-01-02T03:04:05.000Z'), version: '1.2.3' })).toEqual({
      status: 'ok',
      version: '1.2.3',
      time: '2026-01-02T03:04:05.000Z',
    });
  });
});
