import { describe, expect, it } from 'vitest';
import { productUpdateParams } from './product-update.ts';

const ID = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const NOW = '2025-03-01T12:00:00.000Z';

describe('productUpdateParams', () => {
  it.each([
    [
      { name: 'Mug' },
      'SET #version = #version + :one, #updatedAt = :now, #name = :name, #GSI1SK = :GSI1SK REMOVE #moved',
      { ':GSI1SK': `mug#${ID}` },
    ],
    [
      { description: 'd' },
      'SET #version = #version + :one, #updatedAt = :now, #description = :description REMOVE #moved',
      { ':description': 'd' },
    ],
    [
      { price: { amount: 5, currency: 'EUR' } },
      'SET #version = #version + :one, #updatedAt = :now, #price = :price REMOVE #moved',
      { ':price': { amount: 5, currency: 'EUR' } },
    ],
    [
      { stockDelta: -3 },
      'SET #version = #version + :one, #updatedAt = :now, #stock = #stock + :delta, #stockAdded = if_not_exists(#stockAdded, :zero) + :delta REMOVE #moved',
      { ':delta': -3, ':minStock': 3, ':maxStock': 1_000_003 },
    ],
    [
      { stockDelta: 4 },
      'SET #version = #version + :one, #updatedAt = :now, #stock = #stock + :delta, #stockAdded = if_not_exists(#stockAdded, :zero) + :delta REMOVE #moved',
      { ':delta': 4, ':minStock': 0, ':maxStock': 999_996 },
    ],
  ])('sets only what %j changes', (changes, expression, values) => {
    // Act
    const params = productUpdateParams('orderly-unit', ID, changes, NOW);

    // Assess
    expect(params.UpdateExpression).toBe(expression);
    expect(params.ExpressionAttributeValues).toMatchObject({ ':one': 1, ':now': NOW, ':active': 'ACTIVE', ...values });
    expect(params.Key).toEqual({ PK: `PRODUCT#${ID}`, SK: 'PRODUCT' });
  });

  it('guards the stock move in the condition instead of reading first', () => {
    expect(productUpdateParams('t', ID, { stockDelta: -1 }, NOW).ConditionExpression).toBe(
      'attribute_exists(PK) AND #status = :active AND #stock BETWEEN :minStock AND :maxStock',
    );
    expect(productUpdateParams('t', ID, { name: 'x' }, NOW).ConditionExpression).toBe('attribute_exists(PK) AND #status = :active');
  });
});
