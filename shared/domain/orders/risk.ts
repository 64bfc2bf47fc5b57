import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import type { CommandMeta } from './decide.ts';
import type { Order, OrderEvent, OrderRisk } from './order.ts';

// The risk step's commands on the order. Like the payment outcomes, they arrive at least once from a queue, so a
// repeated assessment is a no-op.

const at = (order: Order, offset: number) => order.version + offset;

/** True while the order waits for an admin to clear its review: it may be paid, but not shipped. */
export const underRiskReview = (order: Order): boolean => order.risk?.decision === 'review' && !order.risk.approvedAt;

/**
 * Records the decision. A rejection also cancels the order (`risk_rejected`; the repository releases the stock,
 * payments never charges it) unless it is no longer pending (a customer cancelled first): then only the
 * decision is recorded. `cancelEventId` is the id of that second event.
 */
export const recordRiskAssessment = (
  state: Order | undefined,
  { risk, meta, cancelEventId }: { risk: Omit<OrderRisk, 'approvedAt'>; meta: CommandMeta; cancelEventId: string },
): OrderEvent[] => {
  if (!state) throw new ConflictError('The order has not been placed.');
  if (state.risk) return [];
  const assessed: OrderEvent = { ...meta, type: 'OrderRiskAssessed', orderId: state.id, version: at(state, 1), data: risk };
  if (risk.decision !== 'reject' || state.status !== 'PENDING_PAYMENT') return [assessed];
  return [
    assessed,
    {
      ...meta,
      eventId: cancelEventId,
      type: 'OrderCancelled',
      orderId: state.id,
      version: at(state, 2),
      data: { reason: 'risk_rejected', refundDue: false },
    },
  ];
};

/** An admin clears a review so that the order can ship. Only an order under review can be approved (else 409). */
export const approveRiskReview = (
  state: Order | undefined,
  { approvedBy, meta }: { approvedBy: string; meta: CommandMeta },
): OrderEvent[] => {
  if (!state) throw new NotFoundError('The order does not exist.');
  if (!underRiskReview(state)) {
    throw new ConflictError(
      state.risk
        ? `The order's risk decision is ${state.risk.decision}${state.risk.approvedAt ? ', already approved' : ''}: nothing to approve.`
        : 'The order has not been scored yet.',
    );
  }
  if (state.status === 'CANCELLED') throw new ConflictError('Cannot approve the review of a cancelled order.');
  return [{ ...meta, type: 'OrderRiskApproved', orderId: state.id, version: at(state, 1), data: { approvedBy } }];
};
