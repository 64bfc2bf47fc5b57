import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE, retryDelaySeconds } from './backoff.ts';

const lowest = () => 0;
const highest = () => 0.999_999;

describe('per-record retry schedule', () => {
  it.each([
    [1, 1, 2],
    [2, 2, 4],
    [3, 4, 8],
    [4, 8, 16],
    [5, 16, 32],
    [6, 20, 40],
    [50, 20, 40],
    [10_000, 20, 40],
  ])('waits %i receive(s) in between %i and %i s (2 s doubling, jittered, capped at 40 s)', (receiveCount, min, max) => {
    expect(retryDelaySeconds(DEFAULT_RETRY_SCHEDULE, receiveCount, 0, lowest)).toBe(min);
    expect(retryDelaySeconds(DEFAULT_RETRY_SCHEDULE, receiveCount, 0, highest)).toBe(max);
  });

  it('spreads records that failed together instead of bringing them back at one moment', () => {
    const delays = new Set(Array.from({ length: 200 }, () => retryDelaySeconds(DEFAULT_RETRY_SCHEDULE, 6)));

    expect(delays.size).toBeGreaterThan(10);
  });

  it.each([
    ['an open breaker', 1, 10, 10],
    ['a hint longer than the cap', 1, 3_600, 40],
    ['a hint shorter than the schedule', 5, 1, 16],
  ])('honours the error hint of %s, within the cap', (_label, receiveCount, hint, expected) => {
    expect(retryDelaySeconds(DEFAULT_RETRY_SCHEDULE, receiveCount, hint, lowest)).toBe(expected);
  });

  it('keeps an outage of hours inside the queue maxReceiveCount (400)', () => {
    const total = Array.from({ length: 399 }, (_, index) => retryDelaySeconds(DEFAULT_RETRY_SCHEDULE, index + 1, 0, lowest)).reduce(
      (sum, delay) => sum + delay,
      0,
    );

    expect(total / 3600).toBeGreaterThan(2);
  });
});
