import { ConditionalCheckFailedException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Clock } from '#shared/domain/clock.ts';
import type { Money } from '#shared/domain/money.ts';
import { PAYMENT_TRANSITIONS, type Payment } from '#shared/domain/payments/payment.ts';
import type { PaymentRepository } from '#shared/domain/payments/ports.ts';
import { paymentKey, stamp } from '#shared/infrastructure/dynamodb/keys.ts';

export interface DynamoPaymentRepositoryDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
}

const fromItem = (item: Record<string, unknown>): Payment => {
  const { orderId, state, amount, chargeId, refundId, failureReason, createdAt, updatedAt } = item as unknown as Payment;
  return {
    orderId,
    state,
    amount,
    createdAt,
    updatedAt,
    ...(chargeId ? { chargeId } : {}),
    ...(refundId ? { refundId } : {}),
    ...(failureReason ? { failureReason } : {}),
  };
};

/**
 * The PAYMENT item (`ORDER#<id>` / `PAYMENT`, beside the order's events). Creation is `attribute_not_exists`, every
 * transition is conditional on the state it leaves, so a lost race returns the winner's item instead of overwriting it.
 */
export const dynamoPaymentRepository = ({ client, tableName, clock }: DynamoPaymentRepositoryDeps): PaymentRepository => {
  const get = async (orderId: string): Promise<Payment | undefined> => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: paymentKey(orderId), ConsistentRead: true }));
    return Item ? fromItem(Item) : undefined;
  };

  const existing = async (orderId: string, error: unknown): Promise<Payment> => {
    // The document client does not unmarshall the item a failed condition returns.
    const item = error instanceof ConditionalCheckFailedException ? error.Item : undefined;
    const current = item ? fromItem(unmarshall(item as Record<string, AttributeValue>)) : await get(orderId);
    if (!current) throw error;
    return current;
  };

  return {
    get,

    async create(orderId, state, amount: Money) {
      const now = clock.now().toISOString();
      const payment: Payment = {
        orderId,
        state,
        amount: { amount: amount.amount, currency: amount.currency },
        createdAt: now,
        updatedAt: now,
      };
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...paymentKey(orderId), ...stamp('Payment'), ...payment },
            ConditionExpression: 'attribute_not_exists(PK)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { payment, created: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return { payment: await existing(orderId, error), created: false };
      }
    },

    async transition(orderId, { from, to, ...fields }) {
      if (!PAYMENT_TRANSITIONS[from].includes(to)) throw new Error(`Illegal payment transition ${from} → ${to}`);
      const entries = Object.entries({ ...fields, updatedAt: clock.now().toISOString() });
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: paymentKey(orderId),
            UpdateExpression: `SET #state = :to, ${entries.map(([name]) => `#${name} = :${name}`).join(', ')}`,
            ConditionExpression: '#state = :from',
            ExpressionAttributeNames: { '#state': 'state', ...Object.fromEntries(entries.map(([name]) => [`#${name}`, name])) },
            ExpressionAttributeValues: {
              ':to': to,
              ':from': from,
              ...Object.fromEntries(entries.map(([name, value]) => [`:${name}`, value])),
            },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return fromItem(Attributes!);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return existing(orderId, error);
      }
    },
  };
};
