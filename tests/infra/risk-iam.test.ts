import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, logicalIdOf, packagedTemplate, statementsOfRole, type Resources, type Statement } from './template.ts';

const IGNORED = /^(logs|xray):/;
const resourcesOf = (statement: Statement): unknown[] => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]);
const leadingKeysOf = (statement: Statement) =>
  (statement as Statement & { Condition?: Record<string, Record<string, string[]>> }).Condition?.['ForAllValues:StringLike']?.[
    'dynamodb:LeadingKeys'
  ] ?? null;
const dynamoOn = (statements: Statement[], resource: 'table' | 'GSI3') =>
  statements.filter(
    (s) =>
      actionsOf([s]).some((a) => a.startsWith('dynamodb:')) &&
      resourcesOf(s).some((r) => (resource === 'table' ? logicalIdOf(r) === 'Table' : JSON.stringify(r).includes('GSI3'))),
  );

const ADMIN_ROUTES: Array<[role: string, actions: string[], leadingKeys: string[]]> = [
  ['ListModelsIamRoleLambdaExecution', ['dynamodb:Query'], ['MODEL#risk']],
  ['GetModelIamRoleLambdaExecution', ['dynamodb:GetItem'], ['MODEL#risk']],
  ['PublishModelIamRoleLambdaExecution', ['dynamodb:PutItem', 'dynamodb:Query'], ['MODEL#risk']],
  ['GetRoutingIamRoleLambdaExecution', ['dynamodb:GetItem'], ['MODEL#risk']],
  ['SetRoutingIamRoleLambdaExecution', ['dynamodb:GetItem', 'dynamodb:PutItem'], ['MODEL#risk']],
  ['RiskReportIamRoleLambdaExecution', ['dynamodb:Query'], ['MODEL#risk', 'RISKSCORE#*']],
  ['LabelOrderIamRoleLambdaExecution', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], ['ORDER#*', 'RISKSCORE#*']],
];

describe('risk infrastructure (packaged template, stage prod)', () => {
  let resources: Resources;
  beforeAll(() => {
    resources = packagedTemplate('prod');
  });

  it('lets the risk worker use only the table actions it performs, on its own partitions, and one page of GSI3', () => {
    const statements = statementsOfRole(resources, 'AssessOrdersIamRoleLambdaExecution');
    const [table] = dynamoOn(statements, 'table');

    expect([...new Set(actionsOf([table!]))].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(leadingKeysOf(table!)).toEqual(['MODEL#risk', 'RISKSCORE#*', 'ORDER#*', 'USER#*', 'PRODUCT#*']);
    expect(dynamoOn(statements, 'GSI3').flatMap((s) => actionsOf([s]))).toEqual(['dynamodb:Query']);
  });

  it('lets the risk worker reach its own queue and DLQ only, and nothing else', () => {
    const statements = statementsOfRole(resources, 'AssessOrdersIamRoleLambdaExecution');
    const services = new Set(
      actionsOf(statements)
        .filter((action) => !IGNORED.test(action))
        .map((action) => action.split(':')[0]),
    );
    const sqs = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:')));

    expect([...services].sort()).toEqual(['dynamodb', 'sqs']);
    expect(new Set(sqs.flatMap(resourcesOf).map(logicalIdOf))).toEqual(new Set(['RiskQueue', 'RiskDLQ']));
  });

  it.each(ADMIN_ROUTES)('gives %s only %j on %j', (role, actions, leadingKeys) => {
    const statements = statementsOfRole(resources, role);
    const table = dynamoOn(statements, 'table');

    expect([...new Set(actionsOf(table))].sort()).toEqual(actions);
    expect(table.map(leadingKeysOf)).toEqual([leadingKeys]);
    expect(actionsOf(statements).filter((a) => !IGNORED.test(a) && !a.startsWith('dynamodb:'))).toEqual(['ssm:GetParameter']);
  });

  it('feeds the risk queue from the publisher and keeps visibility at least 6x the worker timeout, with a DLQ and alarms', () => {
    const worker = resources.AssessOrdersLambdaFunction!.Properties;
    const queue = resources.RiskQueue!.Properties;
    const [, mapping] = Object.entries(resources).find(
      ([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping' && logicalIdOf(r.Properties.EventSourceArn) === 'RiskQueue',
    )!;

    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * worker.Timeout);
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['RiskDLQ', 'Arn'] }, maxReceiveCount: 400 });
    expect(mapping.Properties).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(resources.RiskDLQAlarm!.Properties.Threshold).toBe(0);
    expect(resources.RiskModelUnavailableAlarm!.Properties).toMatchObject({
      MetricName: 'RiskModelUnavailable',
      Namespace: 'Orderly',
      Threshold: 0,
    });
    const publisher = statementsOfRole(resources, 'EventsPublisherIamRoleLambdaExecution');
    expect(
      publisher
        .filter((s) => actionsOf([s]).includes('sqs:SendMessage'))
        .flatMap(resourcesOf)
        .map(logicalIdOf),
    ).toContain('RiskQueue');
  });
});
