import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AnchorDeps } from '#shared/application/ledger/anchor-events.ts';
import type { ProofDeps } from '#shared/application/ledger/get-order-proof.ts';
import type { ListenDeps } from '#shared/application/ledger/listen-anchors.ts';
import { loadConfig } from '#shared/config.ts';
import { ledgerConfigSchema, ledgerSignerConfigSchema } from '#shared/config/ledger.ts';
import { systemClock } from '#shared/domain/clock.ts';
import { dynamoLedgerRepository } from '#shared/infrastructure/ledger/dynamo-ledger-repository.ts';
import { signerFromFile, signerFromParameter } from '#shared/infrastructure/ledger/signer-key.ts';
import { viemAnchorChain } from '#shared/infrastructure/ledger/viem-anchor-chain.ts';
import { viemAnchorReader } from '#shared/infrastructure/ledger/viem-anchor-reader.ts';
import { routeFor } from '#shared/middleware/http/route.ts';
import { metrics } from '#shared/observability/index.ts';
import { accessTokenVerifier } from './auth.ts';
import { documentClientFor } from './aws.ts';
import { once } from './memo.ts';

// The ledger composition root: the only loadConfig of the ledger context. Built once per container.
export const ledgerConfig = loadConfig(ledgerConfigSchema);
const config = ledgerConfig;
const clock = systemClock;

const ledgerRepository = /* @__PURE__ */ once(async () =>
  dynamoLedgerRepository({ client: documentClientFor(config), tableName: config.TABLE_NAME }),
);

const chainOptions = {
  rpcUrl: config.LEDGER_RPC_URL,
  chainId: config.LEDGER_CHAIN_ID,
  contract: config.LEDGER_CONTRACT as `0x${string}`,
  timeoutMs: config.LEDGER_RPC_TIMEOUT_MS,
};

/** Anchoring signs: the key is read once per container, from a local file offline or an SSM SecureString in AWS. */
export const anchorDeps = /* @__PURE__ */ once(async (): Promise<AnchorDeps> => {
  const signer = loadConfig(ledgerSignerConfigSchema);
  const account = signer.LEDGER_SIGNER_KEY_FILE
    ? await signerFromFile(signer.LEDGER_SIGNER_KEY_FILE)
    : await signerFromParameter(signer.LEDGER_SIGNER_KEY_PARAMETER!);
  return {
    ledger: await ledgerRepository(),
    chain: viemAnchorChain({ ...chainOptions, account }),
    clock,
    settings: {
      maxBatchSize: config.LEDGER_MAX_BATCH,
      leaseMs: config.LEDGER_LEASE_SECONDS * 1000,
      stuckAfterMs: config.LEDGER_STUCK_AFTER_SECONDS * 1000,
    },
    // The alarm metric (infra/resources-ledger.yml): reported on every run, before any chain call can fail.
    reportUnanchoredAge: (age) => metrics.addMetric('OldestUnanchoredEventAge', MetricUnit.Seconds, age),
  };
});

export const listenDeps = /* @__PURE__ */ once(async (): Promise<ListenDeps> => ({
  ledger: await ledgerRepository(),
  // Read only: the listener's bundle carries no signer (no secp256k1, no transaction sending).
  chain: viemAnchorReader(chainOptions),
  clock,
  settings: { confirmations: config.LEDGER_CONFIRMATIONS, startBlock: config.LEDGER_START_BLOCK, reorgDepth: config.LEDGER_REORG_DEPTH },
}));

export const proofDeps = /* @__PURE__ */ once(async (): Promise<ProofDeps> => {
  const ledger = await ledgerRepository();
  return { events: ledger, ledger, chainId: config.LEDGER_CHAIN_ID, contract: config.LEDGER_CONTRACT as `0x${string}` };
});

export const anchorsDeps = /* @__PURE__ */ once(async () => ({ ledger: await ledgerRepository() }));

/** The ledger's routes are signed in. */
export const ledgerRoute = /* @__PURE__ */ routeFor({ verifier: accessTokenVerifier });
