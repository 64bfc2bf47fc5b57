import { readFile } from 'node:fs/promises';
import { orderProofSchema, type OrderProof } from '#shared/contracts/ledger-proof.ts';
import { verifyProof, type EventVerdict } from '#shared/domain/ledger/verify-proof.ts';
import { viemAnchorReader } from '#shared/infrastructure/ledger/viem-anchor-reader.ts';
import type { Hex } from 'viem';
import { getChainId, getCode } from 'viem/actions';

/** A proof file that cannot be read or is not a proof document: nothing was checked. */
export class ProofFileError extends Error {
  override readonly name = 'ProofFileError';
}

export const readProofFile = async (path: string): Promise<OrderProof> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ProofFileError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ProofFileError(`${path} is not JSON (${(error as Error).message}): save the body of GET /orders/{id}/proof as it came`, {
      cause: error,
    });
  }
  const parsed = orderProofSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n');
    throw new ProofFileError(`${path} is not an order proof:\n${issues}`);
  }
  return parsed.data;
};

export interface VerifyReport {
  ok: boolean;
  lines: string[];
  verdicts: EventVerdict[];
}

/** Verifies a proof document against the contract it names, on the node at rpcUrl; the node must serve its chain id. */
export const verifyAgainstChain = async (proof: OrderProof, rpcUrl: string): Promise<VerifyReport> => {
  const chain = viemAnchorReader({ rpcUrl, chainId: proof.chainId, contract: proof.contract as Hex, timeoutMs: 10_000 });
  const served = await getChainId(chain.client).catch((error: unknown) => {
    throw new Error(
      `no EVM node answers on ${rpcUrl} (${(error as Error).message.split('\n')[0]}): pass --rpc <url> of a node of chain ${proof.chainId}`,
    );
  });
  if (served !== proof.chainId)
    throw new Error(`the node at ${rpcUrl} serves chain ${served}, but the proof is for chain ${proof.chainId}`);
  const code = await getCode(chain.client, { address: proof.contract as Hex });
  if (!code || code === '0x') throw new Error(`there is no contract at ${proof.contract} on chain ${proof.chainId}`);

  const verdicts = await verifyProof(proof, (batchId) => chain.rootOf(batchId));
  const lines = verdicts.map((verdict) =>
    verdict.ok
      ? `ok    v${verdict.version} ${verdict.type}: anchored in batch ${verdict.batchId}, root ${verdict.root} on chain ${proof.chainId} at ${proof.contract}`
      : `FAIL  v${verdict.version} ${verdict.type}: ${verdict.problems.join('; ')}`,
  );
  const failed = verdicts.filter((verdict) => !verdict.ok).length;
  lines.push(
    failed === 0
      ? `verified: all ${verdicts.length} events of order ${proof.orderId} are intact and anchored on chain ${proof.chainId}`
      : `verification FAILED: ${failed} of ${verdicts.length} events of order ${proof.orderId} do not match the chain`,
  );
  return { ok: failed === 0, lines, verdicts };
};
