import { GetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

// Reads and writes by command; for the transactional and batch calls DynamoDB reports the whole call's units.
const READ_COMMANDS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);
/** Single-item writes, re-counted from the item before and after like the transactional ones. */
const SINGLE_WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);
const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

interface Consumed {
  CapacityUnits?: number;
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

/** One data call as the meter saw it. */
export interface MeteredCall {
  command: string;
  kind: 'read' | 'write';
  units: number;
  /** Part of `units` spent on global secondary indexes (writes that maintain them, queries that read them). */
  gsiUnits: number;
  /** It threw (a failed condition, a cancelled transaction): the error carries no units, so `units` is 0. */
  failed: boolean;
  /**
   * What AWS would charge by its documented rules: equal to `units` except for TransactWriteItems, which DynamoDB
   * Local 3.x under-reports (it charges the largest item per table, not the sum); see `writeEstimate`.
   */
  awsUnits: number;
  /** Part of `awsUnits` spent on GSIs (re-counted writes only; reads: as reported). */
  awsGsiUnits: number;
  /** Time this call spent in the meter's own probe reads (subtract it from a measured latency). */
  probeMs: number;
}

export interface MeterTotals {
  rcu: number;
  wcu: number;
  gsiUnits: number;
  calls: number;
  failedCalls: number;
  /** rcu + wcu with TransactWriteItems re-counted per item (AWS rules). */
  awsWcu: number;
  probeMs: number;
  /** The calls in order. */
  log: MeteredCall[];
}

export interface CapacityMeter {
  /** A position in the call log. */
  mark(): number;
  /** Totals of every call since `mark` (sequential use: nothing else may call in between). */
  since(mark: number): MeterTotals;
}

export const totalsOf = (log: MeteredCall[]): MeterTotals => ({
  rcu: log.reduce((sum, c) => sum + (c.kind === 'read' ? c.units : 0), 0),
  wcu: log.reduce((sum, c) => sum + (c.kind === 'write' ? c.units : 0), 0),
  gsiUnits: log.reduce((sum, c) => sum + c.gsiUnits, 0),
  calls: log.length,
  failedCalls: log.filter((c) => c.failed).length,
  awsWcu: log.reduce((sum, c) => sum + (c.kind === 'write' ? c.awsUnits : 0), 0),
  probeMs: log.reduce((sum, c) => sum + c.probeMs, 0),
  log,
});

type Item = Record<string, AttributeValue>;

/** DynamoDB's item size: attribute names plus values (numbers about 1 byte per 2 digits + 1). */
export const attributeSize = (value: AttributeValue): number => {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^[-+]?0*|\.|e.*$/gi, '').length / 2) + 1;
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, v) => sum + Buffer.byteLength(v), 0);
  if (value.NS) return value.NS.reduce((sum, v) => sum + attributeSize({ N: v }), 0);
  if (value.BS) return value.BS.reduce((sum, v) => sum + v.byteLength, 0);
  if (value.M) return 3 + itemSize(value.M);
  if (value.L) return 3 + value.L.reduce((sum, v) => sum + 1 + attributeSize(v), 0);
  return 0;
};
export const itemSize = (item: Item | undefined): number =>
  item ? Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + attributeSize(value), 0) : 0;

export interface IndexKeys {
  name: string;
  keys: string[];
  /** What the index holds besides the keys: ALL, KEYS_ONLY, or INCLUDE with these attribute names. */
  projection?: { type: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; attributes?: string[] };
}

const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const plain = (value: unknown): unknown =>
  value && typeof value === 'object' && 'S' in value
    ? (value as { S: unknown }).S
    : value && typeof value === 'object' && 'N' in value
      ? (value as { N: unknown }).N
      : value;
const keyOf = (item: Record<string, unknown>, names: string[]) => names.map((name) => plain(item[name]));

/** The index entry of an item: table keys, index keys and the projected attributes. */
const entryOf = (item: Item, index: IndexKeys, tableKeys: string[]): Item => {
  const projection = index.projection ?? { type: 'ALL' };
  if (projection.type === 'ALL') return item;
  const names = new Set([...tableKeys, ...index.keys, ...(projection.type === 'INCLUDE' ? (projection.attributes ?? []) : [])]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => names.has(name)));
};

/**
 * One write by DynamoDB's documented rules, from the item before and after. The table: `tableFactor` x ceil(larger
 * size / 1 KB) (2 in a transaction: "two underlying writes of every item in the transaction: one to prepare, one to
 * commit", developer guide, Capacity management for transactions). Each GSI (developer guide, GSI write capacity
 * units): a new entry is one write, a key change two (delete + put), a removed entry one, an update that changes the
 * entry's projected attributes one, and an update that changes nothing the index holds none; each ceil(entry size /
 * 1 KB). GSI writes are counted once, also in a transaction: the index is maintained after the commit, by propagation
 * ("when a transaction completes, its changes start propagating to GSIs"), not as an item of the transaction.
 * DynamoDB Local doubles them for a transaction; `gsiAsLocal` gives that figure too.
 */
export const writeEstimate = (
  before: Item | undefined,
  after: Item | undefined,
  indexes: IndexKeys[],
  tableKeys: string[],
  tableFactor: 1 | 2,
): { table: number; gsi: number } => {
  const table = tableFactor * writeUnits(Math.max(itemSize(before), itemSize(after)));
  let gsi = 0;
  for (const index of indexes) {
    const inBefore = before !== undefined && index.keys.every((k) => before[k] !== undefined);
    const inAfter = after !== undefined && index.keys.every((k) => after[k] !== undefined);
    const old = inBefore ? entryOf(before!, index, tableKeys) : undefined;
    const next = inAfter ? entryOf(after!, index, tableKeys) : undefined;
    if (old && next) {
      const sameKey = JSON.stringify(keyOf(old, index.keys)) === JSON.stringify(keyOf(next, index.keys));
      if (!sameKey) gsi += writeUnits(itemSize(old)) + writeUnits(itemSize(next));
      else if (JSON.stringify(old) !== JSON.stringify(next)) gsi += writeUnits(Math.max(itemSize(old), itemSize(next)));
    } else if (old) gsi += writeUnits(itemSize(old));
    else if (next) gsi += writeUnits(itemSize(next));
  }
  return { table, gsi };
};

export interface MeterOptions {
  /** An unmetered client on the same endpoint: reads the items a transaction touches, before and after. */
  probe: DynamoDBClient;
  /** Key attributes (hash, range) of each GSI of the tables written. */
  indexes: IndexKeys[];
  /** Key attributes of the table. */
  tableKeys: string[];
}

type TransactItem = {
  Put?: { TableName: string; Item: Record<string, unknown> };
  Update?: { TableName: string; Key: Record<string, unknown> };
  Delete?: { TableName: string; Key: Record<string, unknown> };
  ConditionCheck?: { TableName: string; Key: Record<string, unknown> };
};

/**
 * Adds a middleware to a base client (the document clients built on it share its stack) that asks every data call
 * for ReturnConsumedCapacity INDEXES (the TOTAL that the project's capacity log asks for, plus the per-index split)
 * and logs the reported units as a read or a write by command name. TransactWriteItems and single-item writes are also
 * re-counted per item by AWS's rules (`writeEstimate`), with each index's projection taken into account.
 */
export const attachCapacityMeter = (client: DynamoDBClient, { probe, indexes, tableKeys }: MeterOptions): CapacityMeter => {
  const log: MeteredCall[] = [];
  const read = async (tableName: string, key: Record<string, unknown>) => {
    const Key = Object.fromEntries(tableKeys.map((name) => [name, { S: String(plain(key[name])) }])) as Item;
    return (await probe.send(new GetItemCommand({ TableName: tableName, Key, ConsistentRead: true }))).Item;
  };
  const targets = (items: TransactItem[]) =>
    items.map((t) => {
      const action = t.Put ?? t.Update ?? t.Delete ?? t.ConditionCheck!;
      return {
        tableName: action.TableName,
        key: t.Put ? t.Put.Item : (action as { Key: Record<string, unknown> }).Key,
        writes: !t.ConditionCheck,
      };
    });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      const kind = READ_COMMANDS.has(command) ? 'read' : WRITE_COMMANDS.has(command) ? 'write' : undefined;
      if (!kind) return next(args);
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'INDEXES';
      const call: MeteredCall = { command, kind, units: 0, gsiUnits: 0, failed: false, awsUnits: 0, awsGsiUnits: 0, probeMs: 0 };
      log.push(call);
      const input = args.input as {
        TransactItems?: TransactItem[];
        TableName?: string;
        Item?: Record<string, unknown>;
        Key?: Record<string, unknown>;
      };
      const single =
        SINGLE_WRITES.has(command) && input.TableName
          ? [{ tableName: input.TableName, key: (input.Item ?? input.Key)!, writes: true }]
          : undefined;
      const transaction = command === 'TransactWriteItemsCommand' ? targets(input.TransactItems ?? []) : single;
      const factor = command === 'TransactWriteItemsCommand' ? 2 : 1;
      const probeStarted = performance.now();
      const before = transaction && (await Promise.all(transaction.map((t) => read(t.tableName, t.key))));
      call.probeMs = performance.now() - probeStarted;
      let result;
      try {
        result = await next(args);
      } catch (error) {
        call.failed = true;
        throw error;
      }
      const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        call.units += entry.CapacityUnits ?? 0;
        for (const index of Object.values(entry.GlobalSecondaryIndexes ?? {})) call.gsiUnits += index.CapacityUnits ?? 0;
      }
      call.awsUnits = call.units;
      if (transaction && before) {
        const afterStarted = performance.now();
        const after = await Promise.all(transaction.map((t) => read(t.tableName, t.key)));
        call.probeMs += performance.now() - afterStarted;
        call.awsUnits = transaction.reduce((sum, t, i) => {
          if (!t.writes) return sum + 2 * writeUnits(itemSize(before[i])); // a ConditionCheck: charged like a write of the item
          const { table, gsi } = writeEstimate(before[i], after[i], indexes, tableKeys, factor);
          call.awsGsiUnits += gsi;
          return sum + table + gsi;
        }, 0);
      }
      return result;
    },
    // High priority: outermost in the initialize step, so it sees every call the way the caller made it.
    { step: 'initialize', name: 'benchCapacityMeter', priority: 'high' },
  );
  return { mark: () => log.length, since: (mark) => totalsOf(log.slice(mark)) };
};
