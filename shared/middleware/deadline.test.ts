import { afterEach, describe, expect, it, vi } from 'vitest';
import { withDeadline } from './deadline.ts';

describe('withDeadline', () => {
  afterEach(() => vi.useRealTimers());
  const context = (remaining: number) => ({ getRemainingTimeInMillis: () => remaining });
  const early = async () => 'early';

  it('passes the handler answer through when it comes in time', async () => {
    const guarded = withDeadline(async () => 'answer', early, 500);
    await expect(guarded({}, context(10_000))).resolves.toBe('answer');
  });

  it('answers early `marginMs` before the remaining time runs out', async () => {
    vi.useFakeTimers();
    const guarded = withDeadline(() => new Promise<string>(() => {}), early, 500);
    const answer = guarded({}, context(3_000));
    await vi.advanceTimersByTimeAsync(2_499);
    let settled = false;
    void answer.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(answer).resolves.toBe('early');
  });
});
