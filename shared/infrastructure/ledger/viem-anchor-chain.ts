import { createClient, http, type Account } from 'viem';
import { estimateContractGas, estimateFeesPerGas, getTransactionCount, writeContract } from 'viem/actions';
import { ChainUnavailableError, type AnchorChain, type AnchorRequest, type SentAnchor } from '#shared/domain/ledger/ports.ts';
import { orderLedgerAbi } from './order-ledger-contract.ts';
import { guarded, viemAnchorReader, type ViemAnchorReader, type ViemAnchorReaderOptions } from './viem-anchor-reader.ts';

export interface ViemAnchorChainOptions extends ViemAnchorReaderOptions {
  /** The contract owner; only needed to send anchors (readers pass none). */
  account?: Account;
  /** A replacement raises both fees by at least this factor (nodes require +10%). */
  replacementFeeBump?: number;
}

const ceilMul = (value: bigint, factor: number): bigint => (value * BigInt(Math.round(factor * 1000)) + 999n) / 1000n;
const maxOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/** The OrderLedger contract through viem over JSON-RPC (HTTP): the reads, and anchors signed by `account`. */
export const viemAnchorChain = (options: ViemAnchorChainOptions): AnchorChain & ViemAnchorReader => {
  const reader = viemAnchorReader(options);
  const { client, contract } = reader;
  const { account } = options;
  const wallet = account
    ? createClient({
        chain: client.chain,
        transport: http(options.rpcUrl, { timeout: options.timeoutMs ?? 5000, retryCount: 1 }),
        account,
        cacheTime: 0,
      })
    : undefined;
  const bump = options.replacementFeeBump ?? 1.25;
  const ledger = { address: contract, abi: orderLedgerAbi } as const;

  return {
    ...reader,

    sendAnchor: (request: AnchorRequest, replacing?: SentAnchor) =>
      guarded(`anchoring ${request.fromSeq}..${request.toSeq}`, async () => {
        if (!wallet || !account) throw new ChainUnavailableError('No signer configured for anchoring.');
        const args = [request.root, BigInt(request.fromSeq), BigInt(request.toSeq)] as const;
        let { maxFeePerGas, maxPriorityFeePerGas } = await estimateFeesPerGas(client);
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
  };
};
