import type { PastOrder } from '../features.ts';
import type { OrderToScore, RiskInputsReader } from '../ports.ts';
import type { RiskInputs } from '../features.ts';

/** Customers and their order histories in memory; an unknown customer reads as a missing profile with no orders. */
export class InMemoryRiskInputsReader implements RiskInputsReader {
  readonly customers = new Map<string, { createdAt: string; history: PastOrder[] }>();
  reads = 0;
  failWith: Error | undefined;

  async inputsFor(order: OrderToScore): Promise<RiskInputs> {
    this.reads += 1;
    if (this.failWith) throw this.failWith;
    const customer = this.customers.get(order.customerId);
    return {
      order: { id: order.orderId, placedAt: order.placedAt, lines: order.lines, total: order.total },
      customerCreatedAt: customer?.createdAt,
      history: customer?.history ?? [],
    };
  }
}
