import type { Clock } from '#shared/domain/clock.ts';
import type { OrderToScore } from '#shared/domain/risk/ports.ts';

/** A clock the test moves by hand. */
export const manualClock = (start = '2026-03-02T14:30:00.000Z') => {
  let now = Date.parse(start);
  const clock: Clock & { advance(ms: number): void } = {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
  return clock;
};

let sequence = 0;
/** An order to score: by default one 15.00 item; `[quantity, unitPrice]` pairs otherwise. */
export const anOrderToScore = (customerId = `C${++sequence}`, lines: Array<[number, number]> = [[1, 1_500]]): OrderToScore => ({
  orderId: `O${++sequence}`,
  customerId,
  placedAt: '2026-03-02T14:30:00.000Z',
  lines: lines.map(([quantity, amount]) => ({ quantity, unitPrice: { amount } })),
  total: { amount: lines.reduce((sum, [q, p]) => sum + q * p, 0) },
});
