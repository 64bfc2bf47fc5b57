import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '#shared/domain/errors.ts';
import { anOrder } from '#shared/domain/orders/testing/order-mother.ts';
import { cancellationReasonFor, visibleOrder } from './access.ts';

const order = anOrder(); // customer C1
const actor = (userId: string, ...roles: string[]) => ({ userId, roles });

describe('who may see and cancel an order', () => {
  it.each([
    ['its customer', actor('C1', 'customer'), true],
    ['support', actor('S1', 'support'), true],
    ['an admin', actor('A1', 'admin'), true],
    ['another customer', actor('C2', 'customer'), false],
    ['a caller with no known role', actor('C1', 'ghost'), false],
  ])('%s: visible=%s', (_who, caller, visible) => {
    if (visible) expect(visibleOrder(caller, order)).toBe(order);
    else expect(() => visibleOrder(caller, order)).toThrow(NotFoundError);
  });

  it('answers a missing order exactly like a hidden one', () => {
    expect(() => visibleOrder(actor('A1', 'admin'), undefined)).toThrow(NotFoundError);
  });

  it.each([
    ['its customer', actor('C1', 'customer'), 'customer'],
    ['an admin', actor('A1', 'admin'), 'admin'],
    ['an admin who placed it', actor('C1', 'admin'), 'customer'],
  ])('%s cancels as %s', (_who, caller, reason) => {
    expect(cancellationReasonFor(caller, order)).toBe(reason);
  });

  it('lets support read but not cancel', () => {
    expect(() => cancellationReasonFor(actor('S1', 'support'), order)).toThrow(ForbiddenError);
  });
});
