// Bundle size: a bare `createClient` plus the few actions called below, each from `viem/actions`, instead of
// createPublicClient/createWalletClient (whose decorators reference every action viem has, so esbuild keeps them all).
import {
  BaseError,
  BlockNotFoundError,
  ContractFunctionRevertedError,
  createClient,
  defineChain,
  http,
  parseEventLogs,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  type Account,
  type Chain,
  type Client,
  type Hex,
  type Transport,
} from 'viem';
import {
  estimateContractGas,
  estimateFeesPerGas,
  getBlock,
  getBlockNumber,
  getContractEvents,
  getTransaction,
  getTransactionCount,
  getTransactionReceipt,
  readContract,
  writeContract,
} from 'viem/actions';
import {
  AnchorRejectedError,
  ChainUnavailableError,
  type AnchorChain,
  type AnchoredLog,
  type AnchorRequest,
  type SentAnchor,
} from '#shared/domain/ledger/ports.ts';
import { orderLedgerAbi } from './order-ledger-contract.ts';

export interface ViemAnchorChainOptions {
  rpcUrl: string;
  chainId: number;
  contract: Hex;
  /** The contract owner; only needed to send anchors (readers and the verifier pass none). */
  account?: Account;
  /** Per request; a node that does not answer in time counts as unavailable. */
  timeoutMs?: number;
  /** Largest block range per eth_getLogs call (public RPCs cap it). */
  maxLogRange?: number;
  /** A replacement raises both fees by at least this factor (nodes require +10%). */
  replacementFeeBump?: number;
}

const ceilMul = (value: bigint, factor: number): bigint => (value * BigInt(Math.round(factor * 1000)) + 999n) / 1000n;
const maxOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);

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

const guarded = async <T>(doing: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    throw translate(error, doing);
  }
};

/** The OrderLedger contract through viem over JSON-RPC (HTTP). */
export const viemAnchorChain = (options: ViemAnchorChainOptions): AnchorChain & { readonly client: Client<Transport, Chain> } => {
  const { chainId, contract, account } = options;
  const chain = defineChain({
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  });
  const transport = http(options.rpcUrl, { timeout: options.timeoutMs ?? 5000, retryCount: 1 });
  // cacheTime 0: a cached head would hide fresh blocks (and reverts) for seconds.
  const client = createClient({ chain, transport, cacheTime: 0 });
  const wallet = account ? createClient({ chain, transport, account, cacheTime: 0 }) : undefined;
  const maxLogRange = options.maxLogRange ?? 2000;
  const bump = options.replacementFeeBump ?? 1.25;
  const ledger = { address: contract, abi: orderLedgerAbi } as const;

  return {
    chainId,
    contract,
    client,

    sendAnchor: (request: AnchorRequest, replacing?: SentAnchor) =>
      guarded(`anchoring ${request.fromSeq}..${request.toSeq}`, async () => {
        if (!wallet || !account) throw new ChainUnavailableError('No signer configured for anchoring.');
        const args = [request.root, BigInt(request.fromSeq), BigInt(request.toSeq)] as const;
        const fees = await estimateFeesPerGas(client);
        let { maxFeePerGas, maxPriorityFeePerGas } = fees;
        if (replacing) {
          maxPriorityFeePerGas = maxOf(maxPriorityFeePerGas, ceilMul(replacing.maxPriorityFeePerGas, bump));
          maxFeePerGas = maxOf(maxFeePerGas, ceilMul(replacing.maxFeePerGas, bump));
        }
        maxFeePerGas = maxOf(maxFeePerGas, maxPriorityFeePerGas);
        const nonce = replacing?.nonce ?? (await getTransactionCount(client, { address: account.address, blockTag: 'pending' }));
        // Estimating first turns an out-of-order or foreign anchor into a named revert instead of a burnt fee. A
        // replacement keeps its gas limit: estimating it would run after the stuck original in the pending state.
        const gas = replacing?.gas ?? ceilMul(await estimateContractGas(client, { ...ledger, functionName: 'anchor', args, account }), 1.2);
        const txHash = await writeContract(wallet, {
          ...ledger,
          functionName: 'anchor',
          args,
          nonce,
          gas,
          maxFeePerGas,
          maxPriorityFeePerGas,
        });
        return { txHash, nonce, gas, maxFeePerGas, maxPriorityFeePerGas };
      }),

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
        const root = await readContract(client, { ...ledger, functionName: 'rootOf', args: [BigInt(batchId)] });
        return BigInt(root) === 0n ? null : root;
      }),

    nextSeq: () =>
      guarded('reading the next sequence number', async () => Number(await readContract(client, { ...ledger, functionName: 'nextSeq' }))),

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
            ...ledger,
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
