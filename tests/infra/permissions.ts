import { logicalIdOf, type Resources, type Statement } from './template.ts';

// The per-function permission table of a packaged template: for each Lambda function, every action its role allows
// (logs and X-Ray aside) and, for DynamoDB, the partition key prefixes it may touch (dynamodb:LeadingKeys),
// `*` where a statement has no such condition, and `index/<name>` for index reads.

export type PermissionRow = { actions: string[]; dynamodbKeys: string[]; resources: string[] };
export type PermissionTable = Record<string, PermissionRow>;

const IGNORED = /^(logs|xray):/;
/** Actions on items (what LeadingKeys can bound); stream and table-description actions are not. */
const ITEM_ACTIONS = new Set(
  ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', 'ConditionCheckItem'].map(
    (action) => `dynamodb:${action}`,
  ),
);

type ConditionedStatement = Statement & { Condition?: Record<string, Record<string, unknown>> };

const leadingKeysOf = (statement: ConditionedStatement): string[] | undefined => {
  const values = Object.values(statement.Condition ?? {}).flatMap((operator) => {
    const keys = operator['dynamodb:LeadingKeys'];
    return keys === undefined ? [] : Array.isArray(keys) ? keys : [keys];
  });
  return values.length > 0 ? (values as string[]) : undefined;
};

/** A short, stable name for a statement's resource: a logical id, a parameter path, an index, or the raw JSON. */
const describeResource = (resource: unknown): string => {
  const json = JSON.stringify(resource);
  const parameter = /parameter(\/orderly\/[^"$]+)/.exec(json);
  if (parameter) return `ssm:${parameter[1]!.replace(/\/orderly\/[^/]+\//, '/orderly/<stage>/')}`;
  const index = /"index","?(\w+)"?/.exec(json) ?? /index\/(\w+)/.exec(json);
  const id = logicalIdOf(resource) ?? /"Fn::GetAtt":\["(\w+)"/.exec(json)?.[1];
  if (index) return `${id ?? '?'}/index/${index[1]}`;
  return id ?? json;
};

export const permissionTable = (resources: Resources): PermissionTable => {
  const table: PermissionTable = {};
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const roleId = logicalIdOf(resource.Properties.Role);
    const statements = ((roleId && resources[roleId]?.Properties.Policies) ?? []).flatMap(
      (policy: { PolicyDocument: { Statement: ConditionedStatement[] } }) => policy.PolicyDocument.Statement,
    ) as ConditionedStatement[];
    const actions = new Set<string>();
    const keys = new Set<string>();
    const targets = new Set<string>();
    for (const statement of statements) {
      const own = (Array.isArray(statement.Action) ? statement.Action : [statement.Action]).filter((action) => !IGNORED.test(action));
      if (own.length === 0) continue;
      own.forEach((action) => actions.add(action));
      const resourceList = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      resourceList.forEach((target) => targets.add(describeResource(target)));
      if (own.some((action) => ITEM_ACTIONS.has(action))) {
        const names = resourceList.map(describeResource);
        const leading = leadingKeysOf(statement);
        names.filter((name) => name.includes('/index/')).forEach((name) => keys.add(name.slice(name.indexOf('index/'))));
        if (names.some((name) => !name.includes('/index/'))) (leading ?? ['*']).forEach((key) => keys.add(key));
      }
    }
    table[id.replace(/LambdaFunction$/, '')] = {
      actions: [...actions].sort(),
      dynamodbKeys: [...keys].sort(),
      resources: [...targets].sort(),
    };
  }
  return Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
};

/** Every way `actual` grants more than `allowed`: an action, a key prefix, a resource, or a function not listed. */
export const wideningsOf = (actual: PermissionTable, allowed: PermissionTable): string[] =>
  Object.entries(actual).flatMap(([name, row]) => {
    const limit = allowed[name];
    if (!limit) return [`${name}: not in the expected table`];
    return [
      ...row.actions.filter((action) => !limit.actions.includes(action)).map((action) => `${name}: new action ${action}`),
      ...row.dynamodbKeys.filter((key) => !limit.dynamodbKeys.includes(key)).map((key) => `${name}: new key prefix ${key}`),
      ...row.resources.filter((target) => !limit.resources.includes(target)).map((target) => `${name}: new resource ${target}`),
    ];
  });

export const markdownTable = (table: PermissionTable): string =>
  [
    '| function | actions | DynamoDB partition keys | resources |',
    '|---|---|---|---|',
    ...Object.entries(table).map(
      ([name, row]) =>
        `| ${name} | ${row.actions.join(', ') || '-'} | ${row.dynamodbKeys.join(', ') || '-'} | ${row.resources.join(', ') || '-'} |`,
    ),
  ].join('\n');
