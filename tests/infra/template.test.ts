import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, logicalIdOf, ofType, packagedTemplate, statementsOfRole, type Resources } from './template.ts';

const DATA_PREFIXES = ['dynamodb:', 'sqs:', 'kms:', 'ssm:', 's3:'];

describe('the packaged CloudFormation template (stage test: every function, probes included)', () => {
  let resources: Resources;
  beforeAll(() => {
    resources = packagedTemplate('test');
  });

  const functions = () => ofType(resources, 'AWS::Lambda::Function');

  it('runs every function on nodejs22.x, arm64, with active tracing', () => {
    expect(functions().length).toBeGreaterThanOrEqual(5);
    for (const [, fn] of functions()) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
  });

  it('gives every function a role of its own', () => {
    const roles = functions().map(([, fn]) => logicalIdOf(fn.Properties.Role));

    expect(roles.every((role) => role && resources[role]?.Type === 'AWS::IAM::Role')).toBe(true);
    expect(new Set(roles).size).toBe(roles.length);
  });

  it('grants no data access to functions that touch no data', () => {
    for (const name of ['Health', 'NotFound', 'ProbeError', 'ProbeWorker']) {
      const statements = statementsOfRole(resources, `${name}IamRoleLambdaExecution`);
      // An SQS worker reads its queue and sends invalid messages to its own DLQ itself (shared/middleware/sqs/worker.ts).
      const ownDlq = statements.filter(
        (statement) =>
          [statement.Resource].flat().map(logicalIdOf).join() === 'ProbeDLQ' && actionsOf([statement]).join() === 'sqs:SendMessage',
      );
      const actions = actionsOf(statements.filter((statement) => !ownDlq.includes(statement)));
      expect(
        actions.filter(
          (action) =>
            DATA_PREFIXES.some((prefix) => action.startsWith(prefix)) &&
            !action.startsWith('sqs:ReceiveMessage') &&
            !action.startsWith('sqs:DeleteMessage') &&
            !action.startsWith('sqs:GetQueueAttributes'),
        ),
        name,
      ).toEqual([]);
    }
  });

  it('lets no role use wildcard actions or wildcard resources beyond X-Ray', () => {
    for (const [roleId] of ofType(resources, 'AWS::IAM::Role')) {
      for (const statement of statementsOfRole(resources, roleId)) {
        const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
        expect(
          actions.some((action) => action.endsWith('*')),
          roleId,
        ).toBe(false);
        if (statement.Resource === '*' || (Array.isArray(statement.Resource) && statement.Resource.includes('*'))) {
          expect(
            actions.every((action) => action.startsWith('xray:')),
            roleId,
          ).toBe(true);
        }
      }
    }
  });

  it('gives every consumer queue a dead-letter queue with maxReceiveCount >= 5 and 14-day retention', () => {
    const queues = ofType(resources, 'AWS::SQS::Queue');
    const dlqIds = new Set(queues.map(([, queue]) => logicalIdOf(queue.Properties.RedrivePolicy?.deadLetterTargetArn)).filter(Boolean));
    const consumerQueues = queues.filter(([id, queue]) => !dlqIds.has(id) && !queue.Properties.QueueName.endsWith('-failures'));

    expect(consumerQueues.length).toBeGreaterThanOrEqual(3);
    for (const [id, queue] of consumerQueues) {
      expect(queue.Properties.RedrivePolicy?.maxReceiveCount, id).toBeGreaterThanOrEqual(5);
    }
    for (const dlqId of dlqIds) {
      expect(resources[dlqId!]?.Properties.MessageRetentionPeriod, dlqId).toBe(1_209_600);
    }
  });

  it('keeps each SQS-triggered queue visible for at least 6x its consumer timeout', () => {
    const sqsMappings = ofType(resources, 'AWS::Lambda::EventSourceMapping').filter(
      ([, mapping]) => mapping.Properties.EventSourceArn?.['Fn::GetAtt']?.[1] === 'Arn',
    );

    expect(sqsMappings.length).toBeGreaterThanOrEqual(1);
    for (const [id, mapping] of sqsMappings) {
      const queue = resources[logicalIdOf(mapping.Properties.EventSourceArn)!]!;
      const fn = resources[logicalIdOf(mapping.Properties.FunctionName)!]!;
      expect(queue.Properties.VisibilityTimeout, id).toBeGreaterThanOrEqual(6 * fn.Properties.Timeout);
      expect(mapping.Properties.FunctionResponseTypes, id).toEqual(['ReportBatchItemFailures']);
    }
  });

  it('sends stream batches that keep failing to an on-failure destination', () => {
    const streamMappings = ofType(resources, 'AWS::Lambda::EventSourceMapping').filter(
      ([, mapping]) => mapping.Properties.EventSourceArn?.['Fn::GetAtt']?.[1] === 'StreamArn',
    );

    expect(streamMappings.length).toBeGreaterThanOrEqual(1);
    for (const [, mapping] of streamMappings) {
      expect(mapping.Properties.DestinationConfig?.OnFailure?.Destination).toBeDefined();
      expect(mapping.Properties.BisectBatchOnFunctionError).toBe(true);
      expect(mapping.Properties.MaximumRetryAttempts === -1 || mapping.Properties.MaximumRetryAttempts > 0).toBe(true);
    }
  });

  it('lets the events publisher retry a failing batch until its records expire, halving it, and alarms on its iterator age', () => {
    const [[, publisher] = []] = ofType(resources, 'AWS::Lambda::EventSourceMapping').filter(
      ([, mapping]) => logicalIdOf(mapping.Properties.FunctionName) === 'EventsPublisherLambdaFunction',
    );

    expect(publisher?.Properties).toMatchObject({
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: -1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['EventsPublisherFailureQueue', 'Arn'] } } },
    });
    const ageAlarms = ofType(resources, 'AWS::CloudWatch::Alarm').filter(
      ([, alarm]) => alarm.Properties.Namespace === 'AWS/Lambda' && alarm.Properties.MetricName === 'IteratorAge',
    );
    expect(ageAlarms.map(([, alarm]) => alarm.Properties)).toEqual([
      expect.objectContaining({
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'EventsPublisherLambdaFunction' } }],
        Statistic: 'Maximum',
        Threshold: 300_000,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    ]);
  });

  it('runs the reconciler on a schedule, reading only order partitions and GSI2, sending only to the consumer queues', () => {
    const [[, rule] = []] = ofType(resources, 'AWS::Events::Rule').filter(([, r]) =>
      (r.Properties.Targets ?? []).some((target: { Arn: unknown }) => logicalIdOf(target.Arn) === 'ReconcileOrdersLambdaFunction'),
    );
    const statements = statementsOfRole(resources, 'ReconcileOrdersIamRoleLambdaExecution');
    const own = statements.filter((statement) => actionsOf([statement]).some((action) => /^(dynamodb|sqs):/.test(action)));

    expect(rule?.Properties.ScheduleExpression).toBe('rate(5 minutes)');
    expect(own.map((statement) => [actionsOf([statement]).sort().join(), JSON.stringify(statement.Resource)])).toEqual([
      ['dynamodb:BatchGetItem,dynamodb:GetItem,dynamodb:PutItem,dynamodb:Query', JSON.stringify({ 'Fn::GetAtt': ['Table', 'Arn'] })],
      ['dynamodb:Query', expect.stringContaining('GSI2')],
      ['sqs:SendMessage', expect.stringMatching(/PaymentsQueue.*NotificationsQueue.*RiskQueue/)],
    ]);
    expect((own[0] as { Condition?: unknown }).Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ORDER#*', 'ORDERS'] },
    });
  });

  it('alarms on the depth of every dead-letter and failure queue', () => {
    const alarmed = new Set(
      ofType(resources, 'AWS::CloudWatch::Alarm').map(([, alarm]) => logicalIdOf(alarm.Properties.Dimensions?.[0]?.Value)),
    );
    const queues = ofType(resources, 'AWS::SQS::Queue').filter(
      ([, queue]) => /-(dlq|failures)$/.test(queue.Properties.QueueName) && !queue.Properties.QueueName.includes('-probe-'),
    );

    expect(queues.length).toBeGreaterThanOrEqual(3);
    for (const [id] of queues) expect(alarmed.has(id), id).toBe(true);
  });

  it('creates the table with PITR, SSE, TTL on expiresAt and a stream', () => {
    const tables = ofType(resources, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const table = tables[0]![1];

    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(table.Properties.StreamSpecification.StreamViewType).toMatch(/NEW_IMAGE|NEW_AND_OLD_IMAGES/);
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
  });
});
