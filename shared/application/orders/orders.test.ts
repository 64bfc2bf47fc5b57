import { describe, expect, it, vi } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError } from '#shared/domain/errors.ts';
import { ConcurrentUpdateError } from '#shared/domain/orders/ports.ts';
import { anOrder } from '#shared/domain/orders/testing/order-mother.ts';
import { cancellationReasonFor, visibleOrder } from './access.ts';
import { withRetry } from './deps.ts';
import { placeOrderBody } from './schemas.ts';

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

describe('retrying a lost race', () => {
  const policy = { attempts: 4, baseDelayMs: 1, sleep: vi.fn(async () => {}) };

  it('runs again after a concurrent update and returns the winner', async () => {
    const run = vi.fn().mockRejectedValueOnce(new ConcurrentUpdateError('raced')).mockResolvedValueOnce('done');

    await expect(withRetry(policy, run)).resolves.toBe('done');
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('gives up after the last attempt with 409 and Retry-After', async () => {
    const run = vi.fn().mockRejectedValue(new ConcurrentUpdateError('raced'));

    const error = await withRetry(policy, run).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).retryAfterSeconds).toBe(1);
    expect(run).toHaveBeenCalledTimes(4);
  });

  it('never retries any other error', async () => {
    const run = vi.fn().mockRejectedValue(new ConflictError('Cannot ship an order that is CANCELLED.'));

    await expect(withRetry(policy, run)).rejects.toThrow('Cannot ship');
    expect(run).toHaveBeenCalledTimes(1);
  });
});

describe('the POST /orders body', () => {
  it.each([
    [{ lines: [{ productId: 'P1', quantity: 1 }] }, true],
    [{ lines: Array.from({ length: 50 }, (_, index) => ({ productId: `P${index}`, quantity: 100 })) }, true],
    [{ lines: [{ productId: 'P1', quantity: 0 }] }, false],
    [{ lines: [{ productId: 'P1', quantity: 101 }] }, false],
    [{ lines: [{ productId: 'P1', quantity: 1, unitPrice: 1 }] }, false],
    [{ lines: [{ productId: 'P1', quantity: 1 }], total: 1 }, false],
    [{ lines: Array.from({ length: 51 }, (_, index) => ({ productId: `P${index}`, quantity: 1 })) }, false],
    [{ lines: [{ productId: 'P1', quantity: 1 }, { productId: 'P1', quantity: 2 }] }, false],
  ])('%j valid=%s', (body, valid) => {
    expect(placeOrderBody.safeParse(body).success).toBe(valid);
  });
});
