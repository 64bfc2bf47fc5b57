import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keccak256, parseTransaction, recoverTransactionAddress, toHex, type TransactionSerializableEIP1559 } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { signerFromFile, signerFromKey } from './signer-key.ts';

// anvil's dev account #0: a public test key.
const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

const anchorTx: TransactionSerializableEIP1559 = {
  chainId: 31337,
  type: 'eip1559',
  to: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
  data: '0x755c698a',
  nonce: 7,
  gas: 63_215n,
  maxFeePerGas: 2_200_000_000n,
  maxPriorityFeePerGas: 1_000_000_000n,
};

describe('the anchor signer from a private key', () => {
  it('has the address of the key and signs exactly what a viem local account signs (RFC 6979: deterministic)', async () => {
    const signer = signerFromKey(DEV_KEY, 'test');
    const account = privateKeyToAccount(DEV_KEY);

    expect(signer.address).toBe(account.address);
    const signed = await signer.signTransaction(anchorTx);
    expect(signed).toBe(await account.signTransaction(anchorTx));
    expect(await recoverTransactionAddress({ serializedTransaction: signed as `0x02${string}` })).toBe(account.address);
    expect(parseTransaction(signed)).toMatchObject({ ...anchorTx, type: 'eip1559' });
  });

  it('reads the key from a file, surrounding whitespace and all', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signer-key-'));
    try {
      await writeFile(join(dir, 'key'), `${DEV_KEY}\n`);
      expect((await signerFromFile(join(dir, 'key'))).address).toBe(privateKeyToAccount(DEV_KEY).address);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['without 0x', DEV_KEY.slice(2)],
    ['too short', DEV_KEY.slice(0, 40)],
    ['not hex', `0x${'zz'.repeat(32)}`],
    ['an address', '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'],
  ])('refuses a key that is %s, and never echoes it', (_name, raw) => {
    const attempt = () => signerFromKey(raw, 'the key file');
    expect(attempt).toThrow('The ledger signer key in the key file is not a 0x-prefixed 32-byte hex private key');
    try {
      attempt();
    } catch (error) {
      if (raw) expect((error as Error).message).not.toContain(raw.slice(2, 12));
    }
  });

  it('a different key signs differently', async () => {
    const other = signerFromKey(keccak256(toHex('another key')), 'test');
    expect(await other.signTransaction(anchorTx)).not.toBe(await signerFromKey(DEV_KEY, 'test').signTransaction(anchorTx));
  });
});
