import { afterEach, describe, expect, it, vi } from 'vitest';
import { deadlineMarginMs, withDeadline } from './deadline.ts';

describe('withDeadline', () => {
  afterEach(() => vi.useRealTimers());
  const context = (remaining: number) => ({ getRemainingTimeInMillis: () => remaining });
  const early = async () => 'early';

  it('passes the handler answer through when it comes in time', async () => {
    const guarded = withDeadline(
      async () => 'answer',
      early,
      () => 500,
    );
    await expect(guarded({}, context(10_000))).resolves.toBe('answer');
  });

  it('passes the handler error through when it comes in time', async () => {
    const guarded = withDeadline(
      async () => {
        throw new Error('boom');
      },
      early,
      () => 500,
    );
    await expect(guarded({}, context(10_000))).rejects.toThrow('boom');
  });

  it('drops a late answer or error once it has answered early (no unhandled rejection)', async () => {
    vi.useFakeTimers();
    let fail: (error: Error) => void = () => {};
    const guarded = withDeadline(
      () => new Promise<string>((_, reject) => (fail = reject)),
      early,
      () => 500,
    );
    const answer = guarded({}, context(1_000));
    await vi.advanceTimersByTimeAsync(500);
    await expect(answer).resolves.toBe('early');
    fail(new Error('too late'));
    await vi.advanceTimersByTimeAsync(0);
  });

  it('answers early `marginMs` before the remaining time runs out', async () => {
    vi.useFakeTimers();
    const guarded = withDeadline(
      () => new Promise<string>(() => {}),
      early,
      () => 500,
    );
    const answer = guarded({}, context(3_000));
    await vi.advanceTimersByTimeAsync(2_499);
    let settled = false;
    void answer.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(answer).resolves.toBe('early');
  });

  it('keeps 15 % of the request time free for the early answer, between 500 ms and 2 s', () => {
    expect(deadlineMarginMs(10_000)).toBe(1_500);
    expect(deadlineMarginMs(3_000)).toBe(500);
    expect(deadlineMarginMs(60_000)).toBe(2_000);
  });

  it('answers a 10 s request early at 8.5 s by default', async () => {
    vi.useFakeTimers();
    const guarded = withDeadline(() => new Promise<string>(() => {}), early);
    const answer = guarded({}, context(10_000));
    let settled = false;
    void answer.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(8_499);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(answer).resolves.toBe('early');
  });
});
