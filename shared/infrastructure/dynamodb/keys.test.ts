import { describe, expect, it } from 'vitest';
import {
  customerOrdersIndexKey,
  customerOrdersPartition,
  isProductPartition,
  ORDER_LEDGER_PARTITION,
  orderEventKey,
  orderEventsAfter,
  orderLedgerIndexKey,
  orderStateKey,
  productKey,
} from './keys.ts';

describe('the single-table keys', () => {
  it("lays out an order's events and state in one partition, events zero-padded so they sort by version", () => {
    expect(orderEventKey('O1', 7)).toEqual({ PK: 'ORDER#O1', SK: 'EVENT#0000000007' });
    expect(orderStateKey('O1')).toEqual({ PK: 'ORDER#O1', SK: 'STATE' });
    expect(orderEventsAfter('O1', 2)).toEqual({ PK: 'ORDER#O1', from: 'EVENT#0000000003', to: 'EVENT#9999999999' });
  });

  it.each([
    ['customer', customerOrdersIndexKey('C1').GSI3PK, customerOrdersPartition('C1')],
    ['ledger', orderLedgerIndexKey('2026-01-01T00:00:00.000Z', 'O1').GSI2PK, ORDER_LEDGER_PARTITION],
  ])('queries the %s index in the partition its items are written to', (_index, written, queried) => {
    expect(written).toBe(queried);
  });

  it('keeps the ledger partition name of tables written before, and positions orders by placing time, then id', () => {
    expect(ORDER_LEDGER_PARTITION).toBe('STATUS#PLACED');
    expect(orderLedgerIndexKey('2026-01-01T00:00:00.000Z', 'O1').GSI2SK).toBe('2026-01-01T00:00:00.000Z#O1');
  });

  it.each([
    [productKey('P1').PK, true],
    [orderStateKey('P1').PK, false],
    [undefined, false],
  ])('knows %s is a product partition: %s', (pk, expected) => {
    expect(isProductPartition(pk)).toBe(expected);
  });
});
