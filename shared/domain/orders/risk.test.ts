import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { cancel, markPaid, ship } from './decide.ts';
import { replay, type Order, type OrderEvent, type OrderRisk } from './order.ts';
import { approveRiskReview, recordRiskAssessment, underRiskReview } from './risk.ts';
import { stockMovesOf } from './stock.ts';
import { aMeta, anOrder, placedEvents } from './testing/order-mother.ts';

const aRisk = (decision: OrderRisk['decision'], overrides: Partial<OrderRisk> = {}): Omit<OrderRisk, 'approvedAt'> => ({
  decision,
  score: decision === 'approve' ? 0.01 : decision === 'review' ? 0.4 : 0.95,
  modelVersion: 1,
  variant: 'champion',
  reasons: ['highValueShare'],
  scoredAt: '2026-01-01T00:00:10.000Z',
  ...overrides,
});
const assess = (state: Order | undefined, decision: OrderRisk['decision']) =>
  recordRiskAssessment(state, { risk: aRisk(decision), meta: aMeta(), cancelEventId: 'CANCEL-EVENT' });
const apply = (state: Order, events: OrderEvent[]) => replay(events, state)!;

describe('recordRiskAssessment', () => {
  it.each(['approve', 'review'] as const)('records %s on the order and leaves it pending payment', (decision) => {
    const order = apply(anOrder(), assess(anOrder(), decision));

    expect(order).toMatchObject({ status: 'PENDING_PAYMENT', version: 2, risk: aRisk(decision) });
  });

  it('cancels a rejected order (risk_rejected, nothing due) and releases its stock', () => {
    const placed = anOrder();
    const events = assess(placed, 'reject');

    expect(events.map((e) => [e.type, e.version, e.eventId === 'CANCEL-EVENT'])).toEqual([
      ['OrderRiskAssessed', 2, false],
      ['OrderCancelled', 3, true],
    ]);
    expect(apply(placed, events)).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'risk_rejected',
      payment: { status: 'PENDING' },
      risk: { decision: 'reject' },
    });
    expect(stockMovesOf(placed, events)).toEqual([{ productId: 'P1', delta: 2 }]);
  });

  it('only records a rejection of an order the customer already cancelled', () => {
    const cancelled = apply(anOrder(), cancel(anOrder(), { reason: 'customer', meta: aMeta() }));

    expect(assess(cancelled, 'reject').map((e) => e.type)).toEqual(['OrderRiskAssessed']);
  });

  it('is a no-op when the order already has a decision (a redelivered message)', () => {
    const assessed = apply(anOrder(), assess(anOrder(), 'approve'));

    expect(assess(assessed, 'reject')).toEqual([]);
  });

  it('refuses an order that was never placed', () => {
    expect(() => assess(undefined, 'approve')).toThrow(ConflictError);
  });
});

describe('reviews block shipping until approved', () => {
  const paidUnderReview = () => {
    const reviewed = apply(anOrder(), assess(anOrder(), 'review'));
    return apply(reviewed, markPaid(reviewed, { meta: aMeta() }));
  };

  it('refuses to ship a paid order under review (409), and ships it once approved', () => {
    const paid = paidUnderReview();
    expect(underRiskReview(paid)).toBe(true);
    expect(() => ship(paid, { meta: aMeta() })).toThrow(/under risk review/);

    const approved = apply(paid, approveRiskReview(paid, { approvedBy: 'admin-1', meta: aMeta() }));

    expect(approved.risk).toMatchObject({ decision: 'review', approvedAt: expect.any(String) });
    expect(underRiskReview(approved)).toBe(false);
    expect(apply(approved, ship(approved, { meta: aMeta() })).status).toBe('SHIPPED');
  });

  it.each([
    ['an approved order', () => apply(anOrder(), assess(anOrder(), 'approve'))],
    ['an order not scored yet', () => anOrder()],
    [
      'a review approved already',
      () => {
        const p = paidUnderReview();
        return apply(p, approveRiskReview(p, { approvedBy: 'a', meta: aMeta() }));
      },
    ],
  ])('refuses to approve %s (409)', (_case, order) => {
    expect(() => approveRiskReview(order(), { approvedBy: 'admin-1', meta: aMeta() })).toThrow(ConflictError);
  });

  it('answers 404 for an unknown order', () => {
    expect(() => approveRiskReview(undefined, { approvedBy: 'admin-1', meta: aMeta() })).toThrow(NotFoundError);
  });

  it('replays the risk events from the stream', () => {
    const events = [...placedEvents(), ...assess(anOrder(), 'review')];

    expect(replay(events)?.risk?.decision).toBe('review');
  });
});
