import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, logicalIdOf, packagedTemplate, statementsOfRole, type Resources, type Statement } from './template.ts';

const IGNORED = /^(logs|xray):/;
const resourcesOf = (statement: Statement): unknown[] => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]);
const byService = (statements: Statement[], prefix: string) =>
  statements.filter((statement) => actionsOf([statement]).some((action) => action.startsWith(prefix)));

describe('payments and stream workers IAM (packaged template, stage prod)', () => {
  let resources: Resources;
  beforeAll(() => {
    resources = packagedTemplate('prod');
  });

  it('lets the payments worker use only the table actions it performs, on the table only', () => {
    const statements = statementsOfRole(resources, 'ProcessPaymentsIamRoleLambdaExecution');
    const dynamo = byService(statements, 'dynamodb:');

    expect([...new Set(actionsOf(dynamo))].sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(dynamo.flatMap(resourcesOf)).toEqual([{ 'Fn::GetAtt': ['Table', 'Arn'] }]);
  });

  it('lets the payments worker read its own queue (and back off on it), send to its own DLQ and read the provider key only, and nothing else', () => {
    const statements = statementsOfRole(resources, 'ProcessPaymentsIamRoleLambdaExecution');
    const sqs = byService(statements, 'sqs:');
    const services = new Set(
      actionsOf(statements)
        .filter((action) => !IGNORED.test(action))
        .map((action) => action.split(':')[0]),
    );
    const send = sqs.filter((statement) => actionsOf([statement]).includes('sqs:SendMessage'));
    const receive = sqs.filter((statement) => !send.includes(statement));

    expect([...services].sort()).toEqual(['dynamodb', 'sqs', 'ssm']);
    const ssm = byService(statements, 'ssm:');
    expect(actionsOf(ssm)).toEqual(['ssm:GetParameter']);
    expect(JSON.stringify(ssm.flatMap(resourcesOf))).toContain('parameter/orderly/prod/payment-provider-api-key"');
    expect([...new Set(actionsOf(receive))].sort()).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
    ]);
    expect(new Set(receive.flatMap(resourcesOf).map(logicalIdOf))).toEqual(new Set(['PaymentsQueue']));
    expect(actionsOf(send)).toEqual(['sqs:SendMessage']);
    expect(send.flatMap(resourcesOf).map(logicalIdOf)).toEqual(['PaymentsDLQ']);
  });

  it.each([
    ['ProcessPaymentsLambdaFunction', 'PAYMENTS_DLQ_URL', 'PaymentsDLQ'],
    ['EventsPublisherLambdaFunction', 'EVENTS_PUBLISHER_FAILURE_QUEUE_URL', 'EventsPublisherFailureQueue'],
    ['InvalidateCatalogCacheLambdaFunction', 'CATALOG_CACHE_INVALIDATION_FAILURE_QUEUE_URL', 'CatalogCacheInvalidationFailureQueue'],
  ])('tells %s where its invalid records go (%s)', (fn, variable, queue) => {
    const variables = resources[fn]!.Properties.Environment.Variables as Record<string, unknown>;

    expect(variables[variable]).toEqual({ Ref: queue });
  });

  it('lets the catalog invalidator send only to its own on-failure queue', () => {
    const sqs = byService(statementsOfRole(resources, 'InvalidateCatalogCacheIamRoleLambdaExecution'), 'sqs:');

    expect([...new Set(actionsOf(sqs))]).toEqual(['sqs:SendMessage']);
    expect(sqs.flatMap(resourcesOf).map(logicalIdOf)).toEqual(['CatalogCacheInvalidationFailureQueue']);
  });

  it('triggers the worker from the payments queue with partial batch failures and bounded concurrency', () => {
    const [, mapping] = Object.entries(resources).find(
      ([, resource]) =>
        resource.Type === 'AWS::Lambda::EventSourceMapping' && logicalIdOf(resource.Properties.EventSourceArn) === 'PaymentsQueue',
    )!;

    expect(mapping.Properties).toMatchObject({
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    expect(logicalIdOf(mapping.Properties.FunctionName)).toBe('ProcessPaymentsLambdaFunction');
  });

  it('keeps the payments queue visibility timeout at least 6x the worker timeout, with a DLQ after 400 backed-off receives (hours of outage)', () => {
    const worker = resources.ProcessPaymentsLambdaFunction!.Properties;
    const queue = resources.PaymentsQueue!.Properties;

    expect(worker.Timeout).toBeLessThanOrEqual(30);
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * worker.Timeout);
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['PaymentsDLQ', 'Arn'] }, maxReceiveCount: 400 });
  });

  it('gives the worker the provider settings it reads', () => {
    const variables = resources.ProcessPaymentsLambdaFunction!.Properties.Environment.Variables as Record<string, unknown>;

    expect(
      Object.keys(variables)
        .filter((name) => name.startsWith('PAYMENT_PROVIDER_'))
        .sort(),
    ).toEqual([
      'PAYMENT_PROVIDER_API_KEY',
      'PAYMENT_PROVIDER_API_KEY_PARAMETER',
      'PAYMENT_PROVIDER_BREAKER_FAILURES',
      'PAYMENT_PROVIDER_BREAKER_HALF_OPEN_MS',
      'PAYMENT_PROVIDER_BUDGET_MS',
      'PAYMENT_PROVIDER_KEY_WINDOW_SECONDS',
      'PAYMENT_PROVIDER_MAX_ATTEMPTS',
      'PAYMENT_PROVIDER_TIMEOUT_MS',
      'PAYMENT_PROVIDER_URL',
    ]);
    // The key itself is local-only: packaged, it is empty, and the worker reads the SecureString the parameter names.
    expect(variables.PAYMENT_PROVIDER_API_KEY).toBe('');
  });

  it('lets the stream publisher send only to the consumer queues (and its own on-failure destination)', () => {
    const statements = statementsOfRole(resources, 'EventsPublisherIamRoleLambdaExecution');
    const sqs = byService(statements, 'sqs:');

    expect([...new Set(actionsOf(sqs))]).toEqual(['sqs:SendMessage']);
    expect(new Set(sqs.flatMap(resourcesOf).map(logicalIdOf))).toEqual(
      new Set(['PaymentsQueue', 'NotificationsQueue', 'RiskQueue', 'EventsPublisherFailureQueue']),
    );
    const others = actionsOf(statements).filter((action) => !IGNORED.test(action) && !action.startsWith('sqs:'));
    expect(new Set(others)).toEqual(
      new Set(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams']),
    );
  });
});
