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

    describe('the lease: one attempt at a time calls the provider for a payment', () => {
      const T0 = '2026-12-01T10:00:00.000Z';
      const T1 = '2026-12-01T10:00:20.000Z';
      const T2 = '2026-12-01T10:00:40.000Z';
      const lease = (holder: string, until = T1) => ({ holder, until });

      it("writes the claiming attempt's lease with the PENDING claim itself", async () => {
        const payments = makeRepository();
        const orderId = ulid();

        const { payment, created } = await payments.create(orderId, 'PENDING', EUR(100), lease('first'));

        expect(created).toBe(true);
        expect(payment.lease).toEqual(lease('first'));
        expect(await payments.get(orderId)).toEqual(payment);
        expect((await payments.create(orderId, 'PENDING', EUR(100), lease('second'))).payment.lease).toEqual(lease('first'));
      });

      it("refuses the lease while another holder's is live, and gives it once that one has expired", async () => {
        const payments = makeRepository();
        const orderId = ulid();
        await payments.create(orderId, 'PENDING', EUR(100), lease('first'));

        const refused = await payments.lease(orderId, { state: 'PENDING', lease: lease('second', T2), now: T0 });
        const onTheDot = await payments.lease(orderId, { state: 'PENDING', lease: lease('second', T2), now: T1 });

        expect(refused).toMatchObject({ leased: false, payment: { state: 'PENDING', lease: lease('first') } });
        expect(onTheDot).toMatchObject({ leased: true, payment: { state: 'PENDING', lease: lease('second', T2) } });
        expect((await payments.get(orderId))?.lease).toEqual(lease('second', T2));
      });

      it('leases a PENDING payment nobody holds, and gives the lease again to its own holder (a retried write)', async () => {
        const payments = makeRepository();
        const orderId = ulid();
        await payments.create(orderId, 'PENDING', EUR(100));

        const first = await payments.lease(orderId, { state: 'PENDING', lease: lease('mine'), now: T0 });
        const again = await payments.lease(orderId, { state: 'PENDING', lease: lease('mine'), now: T0 });

        expect(first).toMatchObject({ leased: true, payment: { lease: lease('mine') } });
        expect(again).toMatchObject({ leased: true, payment: { lease: lease('mine') } });
      });

      it('never leases a payment that moved on, and returns it as it is', async () => {
        const payments = makeRepository();
        const orderId = ulid();
        await payments.create(orderId, 'PENDING', EUR(100));
        await payments.transition(orderId, { from: 'PENDING', to: 'CAPTURED', chargeId: 'ch_1' });

        const refused = await payments.lease(orderId, { state: 'PENDING', lease: lease('late'), now: T0 });
        const refund = await payments.lease(orderId, { state: 'CAPTURED', lease: lease('refund'), now: T0 });

        expect(refused).toMatchObject({ leased: false, payment: { state: 'CAPTURED', chargeId: 'ch_1' } });
        expect(refused.payment.lease).toBeUndefined();
        expect(refund).toMatchObject({ leased: true, payment: { state: 'CAPTURED', lease: lease('refund') } });
      });

      it('lets exactly one of many concurrent takers have an expired lease', async () => {
        const payments = makeRepository();
        const orderId = ulid();
        await payments.create(orderId, 'PENDING', EUR(100), lease('crashed', T0));

        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => payments.lease(orderId, { state: 'PENDING', lease: lease(`taker-${i}`, T2), now: T1 })),
        );

        const winners = results.filter((result) => result.leased);
        expect(winners).toHaveLength(1);
        expect((await payments.get(orderId))?.lease).toEqual(winners[0]!.payment.lease);
      });

      it('ends a lease only for its holder', async () => {
        const payments = makeRepository();
        const orderId = ulid();
        await payments.create(orderId, 'PENDING', EUR(100), lease('holder'));

        await payments.release(orderId, 'someone-else');
        expect((await payments.get(orderId))?.lease).toEqual(lease('holder'));
        await payments.release(orderId, 'holder');
        expect((await payments.get(orderId))?.lease).toBeUndefined();
        await payments.release(orderId, 'holder'); // given back twice: still nothing to do
        await payments.release(ulid(), 'holder'); // no payment at all: nothing to do
      });

      it('ends the lease with the transition that records the outcome', async () => {
        const payments = makeRepository();
        const orderId = ulid();
        await payments.create(orderId, 'PENDING', EUR(100), lease('holder'));

        const captured = await payments.transition(orderId, { from: 'PENDING', to: 'CAPTURED', chargeId: 'ch_1' });

        expect(captured.lease).toBeUndefined();
        expect(await payments.get(orderId)).toEqual(captured);
      });

      it('refuses to lease a payment that does not exist', async () => {
        await expect(makeRepository().lease(ulid(), { state: 'PENDING', lease: lease('x'), now: T0 })).rejects.toThrow();
      });
    });
  });
