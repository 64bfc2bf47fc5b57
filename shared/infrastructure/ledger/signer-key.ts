import { readFile } from 'node:fs/promises';
import { getParameter } from '#shared/infrastructure/secrets/ssm-parameters.ts';
import type { Address, Hex, TransactionSerializableEIP1559 } from 'viem';
import { privateKeyToAddress, signTransaction } from 'viem/accounts';

/** Who signs anchors: the contract owner's address and its EIP-1559 transaction signer (a viem local account fits). */
export interface AnchorSigner {
  readonly address: Address;
  signTransaction(transaction: TransactionSerializableEIP1559): Promise<Hex>;
}

const KEY_SHAPE = /^0x[0-9a-fA-F]{64}$/;

/**
 * Parses a signer key without ever putting it in an error message. Bundle size: viem's own signTransaction over the
 * key, not privateKeyToAccount, whose account also carries message, typed-data and authorization signing (and their
 * EIP-712 code) that anchoring never uses.
 */
export const signerFromKey = (raw: string | undefined, source: string): AnchorSigner => {
  const key = raw?.trim();
  if (!key || !KEY_SHAPE.test(key)) throw new Error(`The ledger signer key in ${source} is not a 0x-prefixed 32-byte hex private key`);
  const privateKey = key as Hex;
  return {
    address: privateKeyToAddress(privateKey),
    signTransaction: (transaction) => signTransaction({ privateKey, transaction }),
  };
};

/** Offline: a git-ignored key file written by the local stack. */
export const signerFromFile = async (path: string): Promise<AnchorSigner> => signerFromKey(await readFile(path, 'utf8'), path);

/** In AWS: an SSM SecureString, decrypted and cached by Powertools Parameters (5 minutes, so a rotation is picked up). */
export const signerFromParameter = async (name: string): Promise<AnchorSigner> =>
  signerFromKey(await getParameter(name, { decrypt: true, maxAge: 300 }), `SSM parameter ${name}`);
