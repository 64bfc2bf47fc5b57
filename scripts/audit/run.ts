import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditTable, type ProviderCharge, type Violation } from './checks.ts';

export interface RunAuditOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The offline provider emulator (`GET /_charges`); without it the double-capture check is skipped. */
  providerUrl?: string | undefined;
  deadlineSeconds: number;
  graceSeconds: number;
  now?: Date;
}

/** Reads the whole table (an ops tool: the one place a Scan is fine) and the provider's ledger, then checks. */
export const runAudit = async (options: RunAuditOptions): Promise<{ items: number; charges?: number; violations: Violation[] }> => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await options.client.send(
      new ScanCommand({ TableName: options.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  let charges: ProviderCharge[] | undefined;
  if (options.providerUrl) {
    const response = await fetch(`${options.providerUrl.replace(/\/+$/, '')}/_charges`);
    if (!response.ok) throw new Error(`GET /_charges answered ${response.status}`);
    charges = ((await response.json()) as { charges: ProviderCharge[] }).charges;
  }
  const violations = auditTable({
    items,
    charges,
    now: options.now ?? new Date(),
    deadlineSeconds: options.deadlineSeconds,
    graceSeconds: options.graceSeconds,
  });
  return { items: items.length, ...(charges ? { charges: charges.length } : {}), violations };
};
