import { ConditionalCheckFailedException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Clock } from '#shared/domain/clock.ts';
import type { Money } from '#shared/domain/money.ts';
import { PAYMENT_TRANSITIONS, type Payment, type PaymentLease } from '#shared/domain/payments/payment.ts';
import type { PaymentRepository } from '#shared/domain/payments/ports.ts';
import { paymentKey, stamp } from '#shared/infrastructure/dynamodb/keys.ts';

export interface DynamoPaymentRepositoryDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
}

/** The lease as the item holds it: two flat attributes, so conditions can compare them directly. */
interface LeaseAttributes {
  leaseHolder?: string;
  leaseUntil?: string;
}
const leaseAttributes = (lease: PaymentLease | undefined): LeaseAttributes =>
  lease ? { leaseHolder: lease.holder, leaseUntil: lease.until } : {};

const fromItem = (item: Record<string, unknown>): Payment => {
  const { orderId, state, amount, chargeId, refundId, failureReason, createdAt, updatedAt } = item as unknown as Payment;
  const { leaseHolder, leaseUntil } = item as LeaseAttributes;
  return {
    orderId,
    state,
    amount,
    createdAt,
    updatedAt,
    ...(chargeId ? { chargeId } : {}),
    ...(refundId ? { refundId } : {}),
    ...(failureReason ? { failureReason } : {}),
    ...(leaseHolder && leaseUntil ? { lease: { holder: leaseHolder, until: leaseUntil } } : {}),
  };
};

const LEASE_NAMES = { '#leaseHolder': 'leaseHolder', '#leaseUntil': 'leaseUntil' };

/**
 * The PAYMENT item (`ORDER#<id>` / `PAYMENT`, beside the order's events). Creation is `attribute_not_exists`, every
 * transition is conditional on the state it leaves, so a lost race returns the winner's item instead of overwriting it.
 * The lease (`leaseHolder`, `leaseUntil`) is written with the PENDING claim, taken over only when free or expired, and
 * removed by the transition that ends the attempt: the item itself is the payments worker's idempotency record.
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

    async create(orderId, state, amount: Money, lease?: PaymentLease) {
      const now = clock.now().toISOString();
      const fields = { orderId, state, amount: { amount: amount.amount, currency: amount.currency }, createdAt: now, updatedAt: now };
      const payment: Payment = { ...fields, ...(lease ? { lease: { holder: lease.holder, until: lease.until } } : {}) };
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...paymentKey(orderId), ...stamp('Payment'), ...fields, ...leaseAttributes(lease) },
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

    async lease(orderId, { state, lease, now }) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: paymentKey(orderId),
            UpdateExpression: 'SET #leaseHolder = :holder, #leaseUntil = :until',
            // The holder's own lease passes too: an SDK retry of a write that did land must not lock its writer out.
            ConditionExpression: '#state = :state AND (attribute_not_exists(#leaseUntil) OR #leaseUntil <= :now OR #leaseHolder = :holder)',
            ExpressionAttributeNames: { '#state': 'state', ...LEASE_NAMES },
            ExpressionAttributeValues: { ':state': state, ':holder': lease.holder, ':until': lease.until, ':now': now },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { payment: fromItem(Attributes!), leased: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return { payment: await existing(orderId, error), leased: false };
      }
    },

    async release(orderId, holder) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: paymentKey(orderId),
            UpdateExpression: 'REMOVE #leaseHolder, #leaseUntil',
            ConditionExpression: '#leaseHolder = :holder',
            ExpressionAttributeNames: LEASE_NAMES,
            ExpressionAttributeValues: { ':holder': holder },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
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
            UpdateExpression: `SET #state = :to, ${entries.map(([name]) => `#${name} = :${name}`).join(', ')} REMOVE #leaseHolder, #leaseUntil`,
            ConditionExpression: '#state = :from',
            ExpressionAttributeNames: {
              '#state': 'state',
              ...LEASE_NAMES,
              ...Object.fromEntries(entries.map(([name]) => [`#${name}`, name])),
            },
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
