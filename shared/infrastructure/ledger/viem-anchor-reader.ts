// Bundle size: a bare `createClient` plus the few actions called below, each from `viem/actions`, instead of
// createPublicClient (whose decorators reference every action viem has, so esbuild keeps them all). Nothing here signs:
// the listener bundles this module alone, the anchor worker adds the sender (viem-anchor-chain.ts) on top of it.
import {
  BaseError,
  BlockNotFoundError,
  ContractFunctionRevertedError,
  createClient,
  decodeFunctionResult,
  defineChain,
  encodeFunctionData,
  getContractError,
  http,
  parseEventLogs,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  type Chain,
  type Client,
  type Hex,
  type Transport,
} from 'viem';
import { getBlock, getBlockNumber, getContractEvents, getTransaction, getTransactionReceipt } from 'viem/actions';
import { getCallError } from 'viem/utils';
import { AnchorRejectedError, ChainUnavailableError, type AnchorChainReader, type AnchoredLog } from '#shared/domain/ledger/ports.ts';
import { orderLedgerAbi } from './order-ledger-contract.ts';

export interface ViemAnchorReaderOptions {
  rpcUrl: string;
  chainId: number;
  contract: Hex;
  /** Per request; a node that does not answer in time counts as unavailable. */
  timeoutMs?: number;
  /** Largest block range per eth_getLogs call (public RPCs cap it). */
  maxLogRange?: number;
}

export type ViemAnchorReader = AnchorChainReader & { readonly client: Client<Transport, Chain> };

/** Turns viem's errors into the port's: a revert names its Solidity error, anything else means the node is unavailable. */
const translate = (error: unknown, doing: string): Error => {
  if (error instanceof BaseError) {
    const revert = error.walk((cause) => cause instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const reason = revert.data?.errorName ?? revert.reason ?? 'unknown';
      return new AnchorRejectedError(
        reason,
        `The contract rejected ${doing}: ${reason}${revert.data?.args ? ` ${JSON.stringify(revert.data.args, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}` : ''}`,
        { cause: error },
      );
    }
    return new ChainUnavailableError(`The chain node failed while ${doing}: ${error.shortMessage}`, { cause: error });
  }
  return new ChainUnavailableError(`The chain node failed while ${doing}`, { cause: error });
};

export const guarded = async <T>(doing: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    throw translate(error, doing);
  }
};

/** The OrderLedger contract's read side through viem over JSON-RPC (HTTP): receipts, roots, blocks and Anchored logs. */
export const viemAnchorReader = (options: ViemAnchorReaderOptions): ViemAnchorReader => {
  const { chainId, contract } = options;
  const chain = defineChain({
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  });
  const transport = http(options.rpcUrl, { timeout: options.timeoutMs ?? 5000, retryCount: 1 });
  // cacheTime 0: a cached head would hide fresh blocks (and reverts) for seconds.
  const client = createClient({ chain, transport, cacheTime: 0 });
  const maxLogRange = options.maxLogRange ?? 2000;

  /**
   * What `readContract` does for a plain view call (one eth_call at the latest block, its errors wrapped the same way),
   * without `call`'s multicall batching, CCIP-read and deployless paths, which bundle viem's deployless bytecodes.
   */
  const readLedger = async <T>(
    functionName: 'rootOf' | 'nextSeq',
    args: readonly unknown[] | undefined,
    data: Hex,
    decode: (result: Hex) => T,
  ): Promise<T> => {
    try {
      const result = await client.request({ method: 'eth_call', params: [{ to: contract, data }, 'latest'] });
      return decode(result);
    } catch (error) {
      throw getContractError(getCallError(error as BaseError, { to: contract, data, chain }), {
        abi: orderLedgerAbi,
        address: contract,
        args,
        functionName,
        docsPath: '/docs/contract/readContract',
      });
    }
  };

  return {
    chainId,
    contract,
    client,

    receipt: (txHash) =>
      guarded(`reading the receipt of ${txHash}`, async () => {
        try {
          const receipt = await getTransactionReceipt(client, { hash: txHash });
          const [anchored] = parseEventLogs({ abi: orderLedgerAbi, eventName: 'Anchored', logs: receipt.logs });
          return {
            txHash,
            status: receipt.status,
            blockNumber: Number(receipt.blockNumber),
            blockHash: receipt.blockHash,
            gasUsed: receipt.gasUsed,
            effectiveGasPrice: receipt.effectiveGasPrice,
            batchId: anchored ? Number(anchored.args.batchId) : undefined,
          };
        } catch (error) {
          if (error instanceof TransactionReceiptNotFoundError) return null;
          throw error;
        }
      }),

    isKnown: (txHash) =>
      guarded(`looking up ${txHash}`, async () => {
        try {
          await getTransaction(client, { hash: txHash });
          return true;
        } catch (error) {
          if (error instanceof TransactionNotFoundError) return false;
          throw error;
        }
      }),

    rootOf: (batchId) =>
      guarded(`reading the root of batch ${batchId}`, async () => {
        const args = [BigInt(batchId)] as const;
        const root = await readLedger('rootOf', args, encodeFunctionData({ abi: orderLedgerAbi, functionName: 'rootOf', args }), (data) =>
          decodeFunctionResult({ abi: orderLedgerAbi, functionName: 'rootOf', args, data }),
        );
        return BigInt(root) === 0n ? null : root;
      }),

    nextSeq: () =>
      guarded('reading the next sequence number', async () =>
        Number(
          await readLedger('nextSeq', undefined, encodeFunctionData({ abi: orderLedgerAbi, functionName: 'nextSeq' }), (data) =>
            decodeFunctionResult({ abi: orderLedgerAbi, functionName: 'nextSeq', data }),
          ),
        ),
      ),

    headBlock: () => guarded('reading the head block', async () => Number(await getBlockNumber(client, { cacheTime: 0 }))),

    blockHash: (blockNumber) =>
      guarded(`reading block ${blockNumber}`, async () => {
        try {
          return (await getBlock(client, { blockNumber: BigInt(blockNumber) })).hash;
        } catch (error) {
          if (error instanceof BlockNotFoundError) return null;
          throw error;
        }
      }),

    anchoredLogs: (fromBlock, toBlock) =>
      guarded(`reading Anchored logs ${fromBlock}..${toBlock}`, async () => {
        const found: AnchoredLog[] = [];
        for (let start = fromBlock; start <= toBlock; start += maxLogRange) {
          const end = Math.min(toBlock, start + maxLogRange - 1);
          const logs = await getContractEvents(client, {
            address: contract,
            abi: orderLedgerAbi,
            eventName: 'Anchored',
            fromBlock: BigInt(start),
            toBlock: BigInt(end),
            strict: true,
          });
          for (const log of logs) {
            found.push({
              batchId: Number(log.args.batchId),
              root: log.args.root,
              fromSeq: Number(log.args.fromSeq),
              toSeq: Number(log.args.toSeq),
              txHash: log.transactionHash,
              blockNumber: Number(log.blockNumber),
              blockHash: log.blockHash,
              logIndex: log.logIndex,
            });
          }
        }
        return found;
      }),
  };
};
