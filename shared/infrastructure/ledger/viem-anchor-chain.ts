// Bundle size: the anchor is encoded, signed by the local account and sent raw (eth_sendRawTransaction), its gas
// estimated with one eth_estimateGas, instead of writeContract/estimateContractGas: both go through
// prepareTransactionRequest, which bundles every way of filling a transaction (eth_fillTransaction, blobs and KZG,
// EIP-7702 authorizations, nonce managers, chain hooks) while this sender already knows nonce, fees and gas.
import { encodeFunctionData, formatTransactionRequest, getContractError, type BaseError, type Hex } from 'viem';
import { estimateFeesPerGas, getTransactionCount, sendRawTransaction } from 'viem/actions';
import { getEstimateGasError, getTransactionError } from 'viem/utils';
import { ChainUnavailableError, type AnchorChain, type AnchorRequest, type SentAnchor } from '#shared/domain/ledger/ports.ts';
import { orderLedgerAbi } from './order-ledger-contract.ts';
import type { AnchorSigner } from './signer-key.ts';
import { guarded, viemAnchorReader, type ViemAnchorReader, type ViemAnchorReaderOptions } from './viem-anchor-reader.ts';

export interface ViemAnchorChainOptions extends ViemAnchorReaderOptions {
  /** The contract owner (a viem local account will do); only needed to send anchors (readers pass none). */
  account?: AnchorSigner;
  /** A replacement raises both fees by at least this factor (nodes require +10%). */
  replacementFeeBump?: number;
}

const ceilMul = (value: bigint, factor: number): bigint => (value * BigInt(Math.round(factor * 1000)) + 999n) / 1000n;
const maxOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/** The OrderLedger contract through viem over JSON-RPC (HTTP): the reads, and anchors signed by `account`. */
export const viemAnchorChain = (options: ViemAnchorChainOptions): AnchorChain & ViemAnchorReader => {
  const reader = viemAnchorReader(options);
  const { client, contract } = reader;
  const { chain } = client;
  const { account } = options;
  const bump = options.replacementFeeBump ?? 1.25;
  const ledger = { abi: orderLedgerAbi, address: contract, functionName: 'anchor' } as const;

  return {
    ...reader,

    sendAnchor: (request: AnchorRequest, replacing?: SentAnchor) =>
      guarded(`anchoring ${request.fromSeq}..${request.toSeq}`, async () => {
        if (!account) throw new ChainUnavailableError('No signer configured for anchoring.');
        const args = [request.root, BigInt(request.fromSeq), BigInt(request.toSeq)] as const;
        const data = encodeFunctionData({ ...ledger, args });
        // viem's error wrappers (the same as writeContract's and estimateContractGas's) only print the sender's address.
        const from = { address: account.address, type: 'json-rpc' } as const;
        const asContractError = (error: BaseError, docsPath: string) =>
          getContractError(error, { ...ledger, args, docsPath, sender: account.address });
        let { maxFeePerGas, maxPriorityFeePerGas } = await estimateFeesPerGas(client);
        if (replacing) {
          maxPriorityFeePerGas = maxOf(maxPriorityFeePerGas, ceilMul(replacing.maxPriorityFeePerGas, bump));
          maxFeePerGas = maxOf(maxFeePerGas, ceilMul(replacing.maxFeePerGas, bump));
        }
        maxFeePerGas = maxOf(maxFeePerGas, maxPriorityFeePerGas);
        const nonce = replacing?.nonce ?? (await getTransactionCount(client, { address: account.address, blockTag: 'pending' }));
        const transaction = { to: contract, data, nonce, maxFeePerGas, maxPriorityFeePerGas };
        // Estimating first turns an out-of-order or foreign anchor into a named revert instead of a burnt fee. A
        // replacement keeps its gas limit: estimating it would run after the stuck original in the pending state.
        // Sender, target and calldata only (what writeContract's preparation asked eth_fillTransaction for): with fees in
        // the request a node caps the gas at what the sender's balance pays for, so an unfunded stranger would read
        // "out of gas" instead of NotOwner.
        const estimate = async () => {
          try {
            const request = formatTransactionRequest({ from: account.address, to: contract, data });
            return BigInt(await client.request({ method: 'eth_estimateGas', params: [request] }));
          } catch (error) {
            const docsPath = '/docs/contract/estimateContractGas';
            throw asContractError(
              getEstimateGasError(error as BaseError, { account: from, to: contract, data, chain, docsPath }),
              docsPath,
            );
          }
        };
        const gas = replacing?.gas ?? ceilMul(await estimate(), 1.2);
        let txHash: Hex;
        try {
          const serializedTransaction = await account.signTransaction({ ...transaction, chainId: chain.id, type: 'eip1559', gas });
          txHash = await sendRawTransaction(client, { serializedTransaction });
        } catch (error) {
          const docsPath = '/docs/contract/writeContract';
          throw asContractError(getTransactionError(error as BaseError, { ...transaction, gas, account: from, chain, docsPath }), docsPath);
        }
        return { txHash, nonce, gas, maxFeePerGas, maxPriorityFeePerGas };
      }),
  };
};
