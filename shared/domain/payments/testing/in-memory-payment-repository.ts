import type { Money } from '#shared/domain/money.ts';
import { PAYMENT_TRANSITIONS, type LeasableState, type Payment, type PaymentChange, type PaymentLease } from '../payment.ts';
import type { PaymentRepository } from '../ports.ts';

/** The PAYMENT items in memory, with the same conditions the DynamoDB adapter writes. */
export class InMemoryPaymentRepository implements PaymentRepository {
  readonly items = new Map<string, Payment>();
  /** Every accepted write, in order: `create:PENDING`, `lease`, `release`, `CAPTURED`, ... */
  readonly writes: string[] = [];

  async get(orderId: string): Promise<Payment | undefined> {
    const item = this.items.get(orderId);
    return item && structuredClone(item);
  }

  async create(orderId: string, state: 'PENDING' | 'VOIDED', amount: Money, lease?: PaymentLease) {
    const existing = this.items.get(orderId);
    if (existing) return { payment: structuredClone(existing), created: false };
    const now = new Date().toISOString();
    const payment: Payment = {
      orderId,
      state,
      amount: { ...amount },
      ...(lease ? { lease: { ...lease } } : {}),
      createdAt: now,
      updatedAt: now,
    };
    this.items.set(orderId, payment);
    this.writes.push(`create:${state}`);
    return { payment: structuredClone(payment), created: true };
  }

  async lease(orderId: string, { state, lease, now }: { state: LeasableState; lease: PaymentLease; now: string }) {
    const current = this.items.get(orderId);
    if (!current) throw new Error(`no payment for ${orderId}`);
    const free = !current.lease || current.lease.until <= now || current.lease.holder === lease.holder;
    if (current.state !== state || !free) return { payment: structuredClone(current), leased: false };
    current.lease = { ...lease };
    this.writes.push('lease');
    return { payment: structuredClone(current), leased: true };
  }

  async release(orderId: string, holder: string): Promise<void> {
    const current = this.items.get(orderId);
    if (current?.lease?.holder !== holder) return;
    delete current.lease;
    this.writes.push('release');
  }

  async transition(orderId: string, { from, to, ...fields }: PaymentChange): Promise<Payment> {
    const current = this.items.get(orderId);
    if (!current) throw new Error(`no payment for ${orderId}`);
    if (current.state === from && PAYMENT_TRANSITIONS[from].includes(to)) {
      Object.assign(current, fields, { state: to, updatedAt: new Date().toISOString() });
      delete current.lease;
      this.writes.push(to);
    }
    return structuredClone(current);
  }
}
