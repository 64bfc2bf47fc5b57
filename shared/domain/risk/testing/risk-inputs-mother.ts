import type { PastOrder, RiskInputs } from '../features.ts';

export const PLACED_AT = '2026-03-02T14:30:00.000Z';
const placedMs = Date.parse(PLACED_AT);
export const minutesBefore = (minutes: number, from = placedMs) => new Date(from - minutes * 60_000).toISOString();
export const daysBefore = (days: number) => minutesBefore(days * 24 * 60);

/** `count` earlier orders a minute apart, newest first; the first `cancelled` of them cancelled a moment later. */
export const pastOrders = (count: number, { cancelled = 0, amount = 3_000, minutesApart = 1 } = {}): PastOrder[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `H${index}`,
    placedAt: minutesBefore((index + 1) * minutesApart),
    updatedAt: minutesBefore((index + 1) * minutesApart - 0.5),
    status: index < cancelled ? 'CANCELLED' : 'PAID',
    total: { amount },
  }));

/** An order to score, built from [quantity, unit price] pairs: by default one 15.00 item from a one-minute-old account. */
export const riskInputs = (
  lines: Array<[quantity: number, unitPrice: number]> = [[1, 1_500]],
  overrides: Partial<Omit<RiskInputs, 'order'>> & { placedAt?: string } = {},
): RiskInputs => ({
  order: {
    id: 'O1',
    placedAt: overrides.placedAt ?? PLACED_AT,
    lines: lines.map(([quantity, amount]) => ({ quantity, unitPrice: { amount } })),
    total: { amount: lines.reduce((sum, [quantity, amount]) => sum + quantity * amount, 0) },
  },
  customerCreatedAt: 'customerCreatedAt' in overrides ? overrides.customerCreatedAt : minutesBefore(1),
  history: overrides.history ?? [],
});
