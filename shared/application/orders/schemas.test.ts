import { describe, expect, it } from 'vitest';
import { placeOrderBody } from './schemas.ts';

describe('the POST /orders body', () => {
  it.each([
    [{ lines: [{ productId: 'P1', quantity: 1 }] }, true],
    [{ lines: Array.from({ length: 50 }, (_, index) => ({ productId: `P${index}`, quantity: 100 })) }, true],
    [{ lines: [{ productId: 'P1', quantity: 0 }] }, false],
    [{ lines: [{ productId: 'P1', quantity: 101 }] }, false],
    [{ lines: [{ productId: 'P1', quantity: 1, unitPrice: 1 }] }, false],
    [{ lines: [{ productId: 'P1', quantity: 1 }], total: 1 }, false],
    [{ lines: Array.from({ length: 51 }, (_, index) => ({ productId: `P${index}`, quantity: 1 })) }, false],
    [
      {
        lines: [
          { productId: 'P1', quantity: 1 },
          { productId: 'P1', quantity: 2 },
        ],
      },
      false,
    ],
  ])('%j valid=%s', (body, valid) => {
    expect(placeOrderBody.safeParse(body).success).toBe(valid);
  });
});
