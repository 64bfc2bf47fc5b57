import { createPublicClient, createWalletClient, defineChain, http, type Account, type Hex } from 'viem';
import { orderLedgerAbi, orderLedgerBytecode } from './order-ledger-contract.ts';

export interface DeployOptions {
  rpcUrl: string;
  account: Account;
  timeoutMs?: number;
}

export interface DeployedLedger {
  address: Hex;
  chainId: number;
  txHash: Hex;
  blockNumber: number;
  gasUsed: bigint;
}

/** Deploys OrderLedger from the committed bytecode and waits for it to be mined; the sender becomes its owner. */
export const deployOrderLedger = async (options: DeployOptions): Promise<DeployedLedger> => {
  const probe = createPublicClient({ transport: http(options.rpcUrl), cacheTime: 0 });
  const chainId = await probe.getChainId();
  const chain = defineChain({
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  });
  const wallet = createWalletClient({ chain, transport: http(options.rpcUrl), account: options.account });
  const client = createPublicClient({ chain, transport: http(options.rpcUrl), cacheTime: 0, pollingInterval: 250 });
  const txHash = await wallet.deployContract({ abi: orderLedgerAbi, bytecode: orderLedgerBytecode });
  const receipt = await client.waitForTransactionReceipt({ hash: txHash, timeout: options.timeoutMs ?? 120_000 });
  if (receipt.status !== 'success' || !receipt.contractAddress) throw new Error(`Deploying OrderLedger failed in transaction ${txHash}`);
  return { address: receipt.contractAddress, chainId, txHash, blockNumber: Number(receipt.blockNumber), gasUsed: receipt.gasUsed };
};
