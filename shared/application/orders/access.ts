import { ForbiddenError, NotFoundError } from '#shared/domain/errors.ts';
import { hasPermission } from '#shared/domain/identity/roles.ts';
import type { Order } from '#shared/domain/orders/order.ts';

/** The caller, as the auth middleware established it. */
export interface Actor {
  userId: string;
  roles: readonly string[];
}

export const canRead = (actor: Actor, customerId: string): boolean =>
  (customerId === actor.userId && hasPermission(actor.roles, 'orders:read:own')) || hasPermission(actor.roles, 'orders:read:any');

/** The order if the actor may see it; otherwise 404, exactly as for an order that does not exist. */
export const visibleOrder = (actor: Actor, order: Order | undefined): Order => {
  if (!order || !canRead(actor, order.customerId)) throw new NotFoundError('Order not found.');
  return order;
};

/** Owners cancel as the customer; anyone else needs orders:cancel:any and cancels as admin. */
export const cancellationReasonFor = (actor: Actor, order: Order): 'customer' | 'admin' => {
  if (order.customerId === actor.userId && hasPermission(actor.roles, 'orders:cancel:own')) return 'customer';
  if (hasPermission(actor.roles, 'orders:cancel:any')) return 'admin';
  throw new ForbiddenError('You may read this order but not cancel it.');
};

/** Risk decisions are for support and admin (orders:read:any); customers never see them. */
export const maySeeRisk = (actor: Actor): boolean => hasPermission(actor.roles, 'orders:read:any');

/** The order as this actor may see it: without `risk` for a customer. */
export const orderFor = (actor: Actor, order: Order): Order => {
  if (!order.risk || maySeeRisk(actor)) return order;
  const { risk: _risk, ...rest } = order;
  return rest;
};

/** Risk events carry scores and model versions: customers' event lists leave them out. */
export const RISK_EVENT_TYPES: ReadonlySet<string> = new Set(['OrderRiskAssessed', 'OrderRiskApproved']);
