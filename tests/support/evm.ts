import { createTestClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { deployOrderLedger, type DeployedLedger } from '#shared/infrastructure/ledger/deploy-order-ledger.ts';
import { viemAnchorChain } from '#shared/infrastructure/ledger/viem-anchor-chain.ts';
import { DEV_ACCOUNT_KEY, startEvmNode, type EvmNode } from '../../scripts/local/evm-node.ts';
import { freePort } from '../../scripts/local/ports.ts';

export const devAccount = privateKeyToAccount(DEV_ACCOUNT_KEY);

export interface LocalChain {
  node: EvmNode;
  deployed: DeployedLedger;
  /** The adapter under test, signing as the dev account (the contract owner). */
  chain: ReturnType<typeof viemAnchorChain>;
  /** anvil's cheat codes: snapshot, revert, mine, setAutomine. */
  testClient: ReturnType<typeof createTestClient>;
  stop(): Promise<void>;
}

/** A fresh anvil on a free port with OrderLedger deployed by dev account #0. */
export const startLocalChain = async (): Promise<LocalChain> => {
  const node = await startEvmNode({ port: await freePort(), log: () => {} });
  try {
    const deployed = await deployOrderLedger({ rpcUrl: node.rpcUrl, account: devAccount });
    const chain = viemAnchorChain({
      rpcUrl: node.rpcUrl,
      chainId: node.chainId,
      contract: deployed.address,
      account: devAccount,
      timeoutMs: 2000,
    });
    const testClient = createTestClient({ mode: 'anvil', transport: http(node.rpcUrl), cacheTime: 0 });
    return { node, deployed, chain, testClient, stop: () => node.stop() };
  } catch (error) {
    await node.stop();
    throw error;
  }
};
