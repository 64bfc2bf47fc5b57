import { describePaymentRepositoryContract } from '#shared/domain/payments/testing/payment-repository.contract.ts';
import { localTable } from '../../../tests/support/local-table.ts';
import { dynamoPaymentRepository } from './payment-repository.ts';

const { client, tableName } = localTable();
const payments = dynamoPaymentRepository({ client, tableName, clock: { now: () => new Date() } });

describePaymentRepositoryContract('dynamoPaymentRepository on DynamoDB Local', () => payments);
