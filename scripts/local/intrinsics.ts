/** What the local stack created, by CloudFormation logical id, for resolving Ref / Fn::GetAtt. */
export interface LocalResources {
  tables: Record<string, { name: string; arn: string; streamArn?: string }>;
  queues: Record<string, { name: string; url: string; arn: string }>;
}

export class UnresolvedReferenceError extends Error {
  override readonly name = 'UnresolvedReferenceError';
}

/** The logical id and attribute a `{ Ref }` or `{ 'Fn::GetAtt' }` points at, or undefined for anything else. */
export const referenceOf = (value: unknown): { id: string; attribute: string } | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return { id: record.Ref, attribute: 'Ref' };
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && typeof getAtt[1] === 'string')
    return { id: getAtt[0], attribute: getAtt[1] };
  if (typeof getAtt === 'string' && getAtt.includes('.')) {
    const [id = '', attribute = ''] = getAtt.split('.');
    return { id, attribute };
  }
  return undefined;
};

/** Resolves the handful of references the local stack can answer; anything else is an error, never a silent guess. */
export const resolveReference = (value: unknown, resources: LocalResources): string => {
  if (typeof value === 'string') return value;
  const ref = referenceOf(value);
  const queue = ref && resources.queues[ref.id];
  const table = ref && resources.tables[ref.id];
  const resolved = queue
    ? { Ref: queue.url, Arn: queue.arn, QueueUrl: queue.url, QueueName: queue.name }[ref.attribute]
    : table
      ? { Ref: table.name, Arn: table.arn, StreamArn: table.streamArn }[ref.attribute]
      : undefined;
  if (resolved === undefined) throw new UnresolvedReferenceError(`cannot resolve ${JSON.stringify(value)} locally`);
  return resolved;
};

/** Logical ids referenced anywhere inside a value, to order creation by dependency. */
export const referencedIds = (value: unknown): string[] => {
  const ref = referenceOf(value);
  if (ref) return [ref.id];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(referencedIds);
};
