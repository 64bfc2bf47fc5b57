import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicClient, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { deployOrderLedger } from '#shared/infrastructure/ledger/deploy-order-ledger.ts';
import { DEV_ACCOUNT_KEY, startEvmNode, type EvmNode } from './evm-node.ts';
import type { EnvMap } from './env.ts';
import type { Log } from './log.ts';

export interface LocalLedgerOptions {
  port: number;
  /** Where the chain state, the deployment record and the signer key file live (`.local/ledger` for npm start). */
  dir: string;
  /** Keep the chain between runs (anvil --state): the contract is deployed on the first start only. */
  persist: boolean;
  /** Seconds between blocks (confirmations need blocks on top of an anchor). */
  blockTime?: number;
  confirmations?: number;
  log: Log;
  onUnexpectedExit?: (reason: string) => void;
}

export interface LedgerDeployment {
  rpcUrl: string;
  chainId: number;
  contract: Hex;
  startBlock: number;
  signerKeyFile: string;
}

export interface LocalLedger extends LedgerDeployment {
  /** The running node, replaced by startNode(). */
  readonly node: EvmNode;
  /** Takes the node down (its chain is kept in the state file) to rehearse an outage; startNode() brings it back. */
  stopNode(): Promise<void>;
  startNode(): Promise<void>;
  /** What the ledger functions read (serverless.yml `custom.ledgerEnvironment`). */
  env: EnvMap;
  deployedNow: boolean;
  stop(): Promise<void>;
}

/** The deployment record the local stack keeps, which `npm run ledger` reads for its defaults. */
export const deploymentFile = (dir: string) => join(dir, 'deployment.json');

export const readDeployment = (dir: string): LedgerDeployment | undefined => {
  const file = deploymentFile(dir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LedgerDeployment) : undefined;
};

/**
 * anvil on 127.0.0.1 with OrderLedger deployed by the dev account: reused when the kept chain still holds the
 * recorded contract, deployed afresh otherwise. The dev account's well-known key signs anchors, from a key file.
 */
export const startLocalLedger = async (options: LocalLedgerOptions): Promise<LocalLedger> => {
  mkdirSync(options.dir, { recursive: true });
  // Always a state file: a stopped node comes back with its chain (the dir is temporary unless persisted).
  const start = () =>
    startEvmNode({
      port: options.port,
      log: options.log,
      blockTime: options.blockTime ?? 1,
      onUnexpectedExit: options.onUnexpectedExit,
      statePath: join(options.dir, 'anvil-state.json'),
    });
  let node = await start();
  try {
    const signerKeyFile = join(options.dir, 'signer.key');
    writeFileSync(signerKeyFile, `${DEV_ACCOUNT_KEY}\n`, { mode: 0o600 });
    const recorded = options.persist ? readDeployment(options.dir) : undefined;
    const client = createPublicClient({ transport: http(node.rpcUrl), cacheTime: 0 });
    const stillThere = recorded ? ((await client.getCode({ address: recorded.contract }))?.length ?? 0) > 2 : false;
    let deployment: LedgerDeployment;
    if (recorded && stillThere) {
      deployment = { ...recorded, rpcUrl: node.rpcUrl, signerKeyFile };
    } else {
      const deployed = await deployOrderLedger({ rpcUrl: node.rpcUrl, account: privateKeyToAccount(DEV_ACCOUNT_KEY) });
      deployment = {
        rpcUrl: node.rpcUrl,
        chainId: deployed.chainId,
        contract: deployed.address,
        startBlock: deployed.blockNumber,
        signerKeyFile,
      };
    }
    writeFileSync(deploymentFile(options.dir), `${JSON.stringify(deployment, null, 2)}\n`);
    const env: EnvMap = {
      LEDGER_RPC_URL: deployment.rpcUrl,
      LEDGER_CHAIN_ID: String(deployment.chainId),
      LEDGER_CONTRACT: deployment.contract,
      LEDGER_START_BLOCK: String(deployment.startBlock),
      LEDGER_SIGNER_KEY_FILE: signerKeyFile,
      LEDGER_CONFIRMATIONS: String(options.confirmations ?? 2),
      LEDGER_STUCK_AFTER_SECONDS: '15',
    };
    let down = false;
    return {
      ...deployment,
      env,
      deployedNow: !(recorded && stillThere),
      get node() {
        return node;
      },
      stopNode: async () => {
        down = true;
        await node.stop();
      },
      startNode: async () => {
        node = await start();
        down = false;
      },
      stop: async () => {
        if (!down) await node.stop();
      },
    };
  } catch (error) {
    await node.stop();
    throw error;
  }
};
