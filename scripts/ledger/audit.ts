import { join } from 'node:path';
import type { Hex } from 'viem';
import { auditLedger, type AuditReport } from '#shared/application/ledger/audit-ledger.ts';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { dynamoLedgerRepository } from '#shared/infrastructure/ledger/dynamo-ledger-repository.ts';
import { viemAnchorReader } from '#shared/infrastructure/ledger/viem-anchor-reader.ts';
import { localCredentials } from '../local/aws.ts';
import { loadLocalEnv, portFrom } from '../local/env.ts';
import { readDeployment } from '../local/ledger-chain.ts';

export interface AuditTarget {
  stage?: string | undefined;
  aws?: boolean | undefined;
  rpc?: string | undefined;
  contract?: string | undefined;
}

/** The table and (optionally) the chain to audit: the local stack's by default, a deployed stage's with --aws. */
export const runAudit = async (
  target: AuditTarget,
  env: NodeJS.ProcessEnv,
  cwd: string,
  progress?: (orderId: string) => void,
): Promise<AuditReport & { tableName: string }> => {
  const local = loadLocalEnv(cwd, env);
  const stage = target.stage ?? env.STAGE ?? local.STAGE ?? 'dev';
  const tableName = env.TABLE_NAME ?? `orderly-${stage}`;
  const region = env.AWS_REGION ?? local.AWS_REGION ?? 'eu-west-1';
  const client = target.aws
    ? createDynamoClient({ region })
    : createDynamoClient({
        region,
        endpoint: env.DYNAMODB_ENDPOINT || `http://127.0.0.1:${portFrom(local, 'DYNAMODB_PORT', 8000)}`,
        credentials: localCredentials,
      });
  const deployment = readDeployment(join(cwd, '.local', 'ledger'));
  const contract = target.contract ?? env.LEDGER_CONTRACT ?? deployment?.contract;
  const rpcUrl = target.rpc ?? env.LEDGER_RPC_URL ?? deployment?.rpcUrl;
  const chainId = Number(env.LEDGER_CHAIN_ID ?? deployment?.chainId ?? 31337);
  try {
    const repo = dynamoLedgerRepository({ client, tableName });
    const chain = rpcUrl && contract ? viemAnchorReader({ rpcUrl, chainId, contract: contract as Hex, timeoutMs: 10_000 }) : undefined;
    return { ...(await auditLedger({ events: repo, ledger: repo, ...(chain ? { chain } : {}) }, progress)), tableName };
  } finally {
    client.destroy();
  }
};

export const reportLines = (report: AuditReport & { tableName: string }): string[] => [
  ...report.findings.map((finding) =>
    'orderId' in finding
      ? `BREAK order ${finding.orderId} v${finding.version}: ${finding.problem}: ${finding.detail}`
      : `BREAK batch ${finding.batchId}: ${finding.problem}: ${finding.detail}`,
  ),
  report.findings.length === 0
    ? `audit: ${report.orders} orders, ${report.events} events, ${report.batches} batches in ${report.tableName}: every hash chain is intact and matches its batch`
    : `audit FAILED: ${report.findings.length} breaks in ${report.orders} orders, ${report.events} events, ${report.batches} batches of ${report.tableName}`,
];
