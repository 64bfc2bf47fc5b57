import type { Money } from '#shared/domain/money.ts';
import { PAYMENT_TRANSITIONS, type Payment, type PaymentChange } from '../payment.ts';
import type { PaymentRepository } from '../ports.ts';

/** The PAYMENT items in memory, with the same conditions the DynamoDB adapter writes. */
export class InMemoryPaymentRepository implements PaymentRepository {
  readonly items = new Map<string, Payment>();
  /** Every accepted write, in order: `create:PENDING`, `CAPTURED`, ... */
  readonly writes: string[] = [];

  async get(orderId: string): Promise<Payment | undefined> {
    const item = this.items.get(orderId);
    return item && structuredClone(item);
  }

  async create(orderId: string, state: 'PENDING' | 'VOIDED', amount: Money) {
    const existing = this.items.get(orderId);
    if (existing) return { payment: structuredClone(existing), created: false };
    const now = new Date().toISOString();
    const payment: Payment = { orderId, state, amount: { ...amount }, createdAt: now, updatedAt: now };
    this.items.set(orderId, payment);
    this.writes.push(`create:${state}`);
    return { payment: structuredClone(payment), created: true };
  }

  async transition(orderId: string, { from, to, ...fields }: PaymentChange): Promise<Payment> {
    const current = this.items.get(orderId);
    if (!current) throw new Error(`no payment for ${orderId}`);
    if (current.state === from && PAYMENT_TRANSITIONS[from].includes(to)) {
      Object.assign(current, fields, { state: to, updatedAt: new Date().toISOString() });
      this.writes.push(to);
    }
    return structuredClone(current);
  }
}
