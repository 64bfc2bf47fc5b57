import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { localTable } from '#shared/infrastructure/orders/testing/local-table.ts';
import { dynamoPaymentRepository } from './payment-repository.ts';

const EUR = (amount: number) => ({ amount, currency: 'EUR' });
const aRepository = () => {
  const { client, tableName } = localTable();
  return dynamoPaymentRepository({ client, tableName, clock: { now: () => new Date() } });
};

describe('PAYMENT item in DynamoDB Local', () => {
  it('creates the item once; a second create returns the first, whatever state it asked for', async () => {
    const payments = aRepository();
    const orderId = ulid();

    const first = await payments.create(orderId, 'PENDING', EUR(2500));
    const second = await payments.create(orderId, 'VOIDED', EUR(1));

    expect(first).toMatchObject({ created: true, payment: { state: 'PENDING', amount: EUR(2500) } });
    expect(second).toMatchObject({ created: false, payment: { state: 'PENDING', amount: EUR(2500) } });
  });

  it('lets exactly one of many concurrent creates win', async () => {
    const payments = aRepository();
    const orderId = ulid();

    const results = await Promise.all(Array.from({ length: 10 }, () => payments.create(orderId, 'PENDING', EUR(100))));

    expect(results.filter((result) => result.created)).toHaveLength(1);
  });

  it.each([
    ['PENDING → CAPTURED → REFUNDED', [{ from: 'PENDING', to: 'CAPTURED', chargeId: 'ch_1' }, { from: 'CAPTURED', to: 'REFUNDED', refundId: 're_1' }], 'REFUNDED'],
    ['PENDING → FAILED, then a capture is refused', [{ from: 'PENDING', to: 'FAILED', failureReason: 'card_declined' }, { from: 'PENDING', to: 'CAPTURED', chargeId: 'ch_2' }], 'FAILED'],
    ['a second capture keeps the first charge id', [{ from: 'PENDING', to: 'CAPTURED', chargeId: 'ch_3' }, { from: 'PENDING', to: 'CAPTURED', chargeId: 'ch_other' }], 'CAPTURED'],
  ] as const)('%s', async (_case, changes, finalState) => {
    const payments = aRepository();
    const orderId = ulid();
    await payments.create(orderId, 'PENDING', EUR(100));

    for (const change of changes) await payments.transition(orderId, change);

    const stored = await payments.get(orderId);
    expect(stored?.state).toBe(finalState);
    if (finalState === 'CAPTURED') expect(stored?.chargeId).toBe('ch_3');
  });

  it('refuses to move a VOIDED tombstone and to touch a missing item', async () => {
    const payments = aRepository();
    const orderId = ulid();
    await payments.create(orderId, 'VOIDED', EUR(100));

    expect(await payments.transition(orderId, { from: 'PENDING', to: 'CAPTURED', chargeId: 'ch_x' })).toMatchObject({ state: 'VOIDED' });
    await expect(payments.transition(ulid(), { from: 'PENDING', to: 'CAPTURED', chargeId: 'ch_y' })).rejects.toThrow();
  });
});
