import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { PaymentChange } from '../payment.ts';
import type { PaymentRepository } from '../ports.ts';

const EUR = (amount: number) => ({ amount, currency: 'EUR' });

/** The PaymentRepository contract: the in-memory fake and the DynamoDB adapter both pass it. */
export const describePaymentRepositoryContract = (name: string, makeRepository: () => PaymentRepository) =>
  describe(`${name} honours the PaymentRepository contract`, () => {
    it('has no payment for an order it never saw', async () => {
      expect(await makeRepository().get(ulid())).toBeUndefined();
    });

    it('creates the item once; a second create returns the first, whatever state it asked for', async () => {
      const payments = makeRepository();
      const orderId = ulid();

      const first = await payments.create(orderId, 'PENDING', EUR(2500));
      const second = await payments.create(orderId, 'VOIDED', EUR(1));

      expect(first).toMatchObject({ created: true, payment: { orderId, state: 'PENDING', amount: EUR(2500) } });
      expect(second).toMatchObject({ created: false, payment: { state: 'PENDING', amount: EUR(2500) } });
      expect(await payments.get(orderId)).toEqual(first.payment);
    });

    it('lets exactly one of many concurrent creates win', async () => {
      const payments = makeRepository();
      const orderId = ulid();

      const results = await Promise.all(Array.from({ length: 10 }, () => payments.create(orderId, 'PENDING', EUR(100))));

      expect(results.filter((result) => result.created)).toHaveLength(1);
    });

    it.each([
      [
        'PENDING → CAPTURED → REFUNDED',
        [
          { from: 'PENDING', to: 'CAPTURED', chargeId: 'ch_1' },
          { from: 'CAPTURED', to: 'REFUNDED', refundId: 're_1' },
        ],
        { state: 'REFUNDED', chargeId: 'ch_1', refundId: 're_1' },
      ],
      [
        'PENDING → FAILED, then a capture is refused',
        [
          { from: 'PENDING', to: 'FAILED', failureReason: 'card_declined' },
          { from: 'PENDING', to: 'CAPTURED', chargeId: 'ch_2' },
        ],
        { state: 'FAILED', failureReason: 'card_declined' },
      ],
      [
        'a second capture keeps the first charge id',
        [
          { from: 'PENDING', to: 'CAPTURED', chargeId: 'ch_3' },
          { from: 'PENDING', to: 'CAPTURED', chargeId: 'ch_other' },
        ],
        { state: 'CAPTURED', chargeId: 'ch_3' },
      ],
    ] as const)('%s', async (_case, changes: readonly PaymentChange[], final) => {
      const payments = makeRepository();
      const orderId = ulid();
      await payments.create(orderId, 'PENDING', EUR(100));

      let last;
      for (const change of changes) last = await payments.transition(orderId, change);

      expect(last).toMatchObject(final);
      expect(await payments.get(orderId)).toEqual(last);
    });

    it('never moves a VOIDED tombstone', async () => {
      const payments = makeRepository();
      const orderId = ulid();
      await payments.create(orderId, 'VOIDED', EUR(100));

      expect(await payments.transition(orderId, { from: 'PENDING', to: 'CAPTURED', chargeId: 'ch_x' })).toMatchObject({ state: 'VOIDED' });
    });

    it('refuses to move a payment that does not exist', async () => {
      await expect(makeRepository().transition(ulid(), { from: 'PENDING', to: 'CAPTURED', chargeId: 'ch_y' })).rejects.toThrow();
    });
  });
