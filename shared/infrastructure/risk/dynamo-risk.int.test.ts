import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { extractFeatures } from '#shared/domain/risk/features.ts';
import { describeModelRegistryContract } from '#shared/domain/risk/testing/model-registry.contract.ts';
import { aModelDocument } from '#shared/domain/risk/testing/model-mother.ts';
import { describeScoreLogContract } from '#shared/domain/risk/testing/score-log.contract.ts';
import { chainLinks } from '#shared/domain/ledger/hash-chain.ts';
import type { OrderEvent, OrderStatus } from '#shared/domain/orders/order.ts';
import {
  customerOrdersIndexKey,
  orderEventKey,
  orderLedgerIndexKey,
  orderStateKey,
  userKey,
} from '#shared/infrastructure/dynamodb/keys.ts';
import { toEventItem, toStateItem } from '#shared/infrastructure/orders/order-items.ts';
import { localDynamo } from '../../../tests/support/integration.ts';
import { dynamoModelRegistry } from './dynamo-model-registry.ts';
import { dynamoAssessedOrderReader, dynamoOrdersToScoreReader } from './dynamo-order-readers.ts';
import { dynamoRiskInputsReader } from './dynamo-risk-inputs-reader.ts';
import { dynamoScoreLog } from './dynamo-score-log.ts';

describeModelRegistryContract('dynamoModelRegistry', () => dynamoModelRegistry({ ...localDynamo(), registry: `test-${ulid()}` }));
describeScoreLogContract('dynamoScoreLog', () => dynamoScoreLog(localDynamo()));

describe('dynamoModelRegistry in DynamoDB Local', () => {
  it('gives back every coefficient bit for bit', async () => {
    const registry = dynamoModelRegistry({ ...localDynamo(), registry: `test-${ulid()}` });
    const document = aModelDocument({
      model: { intercept: 0.1 + 0.2, coefficients: [1e-300, -Math.PI, 2 / 3], scaler: { mean: [0, 0, 0], scale: [1, 1, 1] } },
      golden: [{ features: { logAccountAgeDays: 1, highValueShare: 0, meanQuantityPerLine: 1 }, score: 0.5 }],
    });

    await registry.publish(document, { checksum: 'c', createdAt: '2026-03-01T00:00:00.000Z' });

    expect((await registry.get(1))?.document.model).toEqual(document.model);
  });
});

describe('dynamoRiskInputsReader in DynamoDB Local', () => {
  it("reads the registration time and the customer's newest orders, and nothing personal", async () => {
    const { client, tableName } = localDynamo();
    const customerId = ulid();
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...userKey(customerId), createdAt: '2026-03-01T14:30:00.000Z', email: 'x@example.com', name: 'X' },
      }),
    );
    const orderAt = (minutes: number) => new Date(Date.parse('2026-03-02T14:30:00.000Z') - minutes * 60_000).toISOString();
    const money = { amount: 2_000, currency: 'EUR' };
    const lines = [{ productId: 'P1', name: 'Mug', quantity: 1, unitPrice: money, lineTotal: money }];
    const put = (Item: Record<string, unknown>) => client.send(new PutCommand({ TableName: tableName, Item }));
    // The order being assessed was just placed: its first event only (the customer's index entry is on it), no snapshot.
    const placed: OrderEvent = {
      eventId: ulid(),
      type: 'OrderPlaced',
      orderId: `${customerId}-CURRENT`,
      version: 1,
      occurredAt: orderAt(0),
      correlationId: 'int-risk',
      data: { customerId, lines, total: money },
    };
    await put(toEventItem(placed, chainLinks([placed])[0]!));
    // Older orders: a snapshot with their status, found through their first event's index entry.
    for (const [minutes, status] of [
      [10, 'CANCELLED'],
      [20, 'PAID'],
    ] as const satisfies ReadonlyArray<readonly [number, OrderStatus]>) {
      const id = `${customerId}-${ulid()}`;
      await put({ ...orderEventKey(id, 1), ...orderLedgerIndexKey(orderAt(minutes), id), ...customerOrdersIndexKey(customerId) });
      await put(
        toStateItem({
          id,
          customerId,
          status,
          lines,
          total: money,
          payment: { status: status === 'PAID' ? 'CAPTURED' : 'PENDING' },
          ...(status === 'CANCELLED' ? { cancellationReason: 'customer' as const } : {}),
          version: 2,
          placedAt: orderAt(minutes),
          updatedAt: orderAt(minutes),
        }),
      );
    }
    const reader = dynamoRiskInputsReader({ client, tableName });

    const inputs = await reader.inputsFor({
      orderId: `${customerId}-CURRENT`,
      customerId,
      placedAt: orderAt(0),
      lines: [{ quantity: 1, unitPrice: { amount: 2_000 } }],
      total: { amount: 2_000 },
    });

    expect(inputs.customerCreatedAt).toBe('2026-03-01T14:30:00.000Z');
    expect(inputs.history.map((past) => past.status)).toEqual(['PENDING_PAYMENT', 'CANCELLED', 'PAID']);
    expect(extractFeatures(inputs)).toMatchObject({ ordersLast24h: 2, cancellationsLast24h: 1, firstOrder: 0, totalVsHistoryLog2: 0 });
  });

  it('reads a customer without a profile or orders as a brand-new account', async () => {
    const inputs = await dynamoRiskInputsReader(localDynamo()).inputsFor({
      orderId: 'O',
      customerId: ulid(),
      placedAt: '2026-03-02T14:30:00.000Z',
      lines: [],
      total: { amount: 0 },
    });

    expect(inputs).toMatchObject({ customerCreatedAt: undefined, history: [] });
  });
});

describe('order readers of the risk context in DynamoDB Local', () => {
  it("reads orders to score by id (unknown ids absent) and where an order's scores were logged", async () => {
    const { client, tableName } = localDynamo();
    const [scored, unscored] = [ulid(), ulid()];
    const state = (id: string, risk?: unknown) => ({
      ...orderStateKey(id),
      id,
      customerId: 'C1',
      placedAt: '2026-03-02T14:30:00.000Z',
      status: 'PAID',
      payment: { status: 'CAPTURED' },
      version: 2,
      updatedAt: '2026-03-02T14:30:02.000Z',
      lines: [
        {
          productId: 'P1',
          name: 'Mug',
          quantity: 2,
          unitPrice: { amount: 1_250, currency: 'EUR' },
          lineTotal: { amount: 2_500, currency: 'EUR' },
        },
      ],
      total: { amount: 2_500, currency: 'EUR' },
      ...(risk ? { risk } : {}),
    });
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: state(scored, {
          decision: 'approve',
          score: 0.1,
          modelVersion: 3,
          variant: 'champion',
          reasons: [],
          scoredAt: '2026-03-02T14:30:01.000Z',
          shadow: { modelVersion: 4, score: 0.2, decision: 'approve' },
        }),
      }),
    );
    await client.send(new PutCommand({ TableName: tableName, Item: state(unscored) }));

    const found = await dynamoOrdersToScoreReader({ client, tableName }).getMany([scored, 'missing']);
    const assessed = dynamoAssessedOrderReader({ client, tableName });

    expect([...found.keys()]).toEqual([scored]);
    expect(found.get(scored)).toEqual({
      orderId: scored,
      customerId: 'C1',
      placedAt: '2026-03-02T14:30:00.000Z',
      lines: [{ quantity: 2, unitPrice: { amount: 1_250 } }],
      total: { amount: 2_500 },
    });
    expect(await assessed.scoreKeysOf(scored)).toEqual([
      { version: 3, scoredAt: '2026-03-02T14:30:01.000Z', orderId: scored },
      { version: 4, scoredAt: '2026-03-02T14:30:01.000Z', orderId: scored },
    ]);
    expect(await assessed.scoreKeysOf(unscored)).toEqual([]);
    expect(await assessed.scoreKeysOf(ulid())).toBeUndefined();
  });
});
