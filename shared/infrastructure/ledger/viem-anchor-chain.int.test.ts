import { keccak256, toHex, type Hex } from 'viem';
import { readContract, waitForTransactionReceipt } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldProof, leafOf, merkleBatch } from '#shared/domain/ledger/merkle.ts';
import { AnchorRejectedError, ChainUnavailableError } from '#shared/domain/ledger/ports.ts';
import { startLocalChain, type LocalChain } from '../../../tests/support/evm.ts';
import { orderLedgerAbi } from './order-ledger-contract.ts';
import { viemAnchorChain } from './viem-anchor-chain.ts';

const hashes = (count: number, salt: string): Hex[] => Array.from({ length: count }, (_, index) => keccak256(toHex(`${salt}-${index}`)));

// One anvil for the file; tests run in order because the contract's sequence carries from one to the next.
describe('OrderLedger through the viem adapter on anvil', () => {
  let local: LocalChain;
  let nextSeq = 1;

  beforeAll(async () => {
    local = await startLocalChain();
  });
  afterAll(async () => {
    await local?.stop();
  });

  const anchorBatch = async (events: Hex[]) => {
    const batch = merkleBatch(events);
    const sent = await local.chain.sendAnchor({ root: batch.root, fromSeq: nextSeq, toSeq: nextSeq + events.length - 1 });
    nextSeq += events.length;
    await waitForTransactionReceipt(local.chain.client, { hash: sent.txHash, pollingInterval: 50 });
    return { batch, sent, receipt: await local.chain.receipt(sent.txHash) };
  };

  const verifyOnChain = (proof: Hex[], leaf: Hex, batchId: number) =>
    readContract(local.chain.client, {
      address: local.deployed.address,
      abi: orderLedgerAbi,
      functionName: 'verify',
      args: [proof, leaf, BigInt(batchId)],
    });

  it('anchors a root, names the batch in the receipt, and serves the root back', async () => {
    const { batch, receipt } = await anchorBatch(hashes(5, 'first'));

    expect(receipt).toMatchObject({ status: 'success', batchId: 1 });
    expect(await local.chain.rootOf(1)).toBe(batch.root);
    expect(await local.chain.rootOf(2)).toBeNull();
    expect(await local.chain.nextSeq()).toBe(6);
  });

  it.each([1, 2, 3, 16, 33])('the contract verify agrees with every off-chain proof of a %i-event batch', async (count) => {
    const events = hashes(count, `agree-${count}`);
    const { batch, receipt } = await anchorBatch(events);

    for (const [index, hash] of events.entries()) {
      const proof = batch.proofOf(index);
      expect(foldProof(leafOf(hash), proof)).toBe(batch.root);
      expect(await verifyOnChain(proof, leafOf(hash), receipt!.batchId!)).toBe(true);
    }
  });

  it('the contract verify refuses what the off-chain fold refuses', async () => {
    const events = hashes(4, 'refuse');
    const { batch, receipt } = await anchorBatch(events);
    const batchId = receipt!.batchId!;
    const cases: [Hex[], Hex, number][] = [
      [batch.proofOf(0), leafOf(events[1]!), batchId],
      [[keccak256('0x01'), ...batch.proofOf(0).slice(1)], leafOf(events[0]!), batchId],
      [batch.proofOf(0), events[0]!, batchId],
      [batch.proofOf(0), leafOf(events[0]!), batchId - 1],
      [batch.proofOf(0), leafOf(events[0]!), 9999],
    ];

    for (const [proof, leaf, id] of cases) expect(await verifyOnChain(proof, leaf, id)).toBe(false);
  });

  it('gas per anchor does not grow with the batch size', async () => {
    const gas: bigint[] = [];
    for (const size of [1, 10, 100, 1000]) gas.push((await anchorBatch(hashes(size, `gas-${size}`))).receipt!.gasUsed);

    // Only calldata differs (zero bytes are cheaper), by a few dozen gas at most.
    const spread = gas.reduce((max, value) => (value > max ? value : max)) - gas.reduce((min, value) => (value < min ? value : min));
    expect(spread).toBeLessThan(100n);
    expect(gas[3]! - gas[0]!).toBeLessThan(100n);
    expect(gas[0]).toBeLessThan(60_000n);
  });

  it.each([
    ['a range that skips ahead', () => ({ fromSeq: nextSeq + 1, toSeq: nextSeq + 2 }), 'OutOfOrder'],
    ['a range already anchored', () => ({ fromSeq: 1, toSeq: 5 }), 'OutOfOrder'],
    ['an empty range', () => ({ fromSeq: nextSeq, toSeq: nextSeq - 1 }), 'EmptyRange'],
  ])('rejects %s before sending anything', async (_name, range, reason) => {
    const rejection = local.chain.sendAnchor({ root: keccak256('0x02'), ...range() });

    await expect(rejection).rejects.toThrow(AnchorRejectedError);
    await expect(rejection).rejects.toMatchObject({ reason });
  });

  it('rejects an anchor from anyone but the owner', async () => {
    const { privateKeyToAccount } = await import('viem/accounts');
    const stranger = viemAnchorChain({
      rpcUrl: local.node.rpcUrl,
      chainId: local.node.chainId,
      contract: local.deployed.address,
      account: privateKeyToAccount(keccak256('0x03')),
    });

    await expect(stranger.sendAnchor({ root: keccak256('0x02'), fromSeq: nextSeq, toSeq: nextSeq })).rejects.toMatchObject({
      reason: 'NotOwner',
    });
  });

  it('replaces a stuck transaction with the same nonce at higher fees, and only the replacement is mined', async () => {
    await local.testClient.setAutomine(false);
    try {
      const events = hashes(3, 'stuck');
      const request = { root: merkleBatch(events).root, fromSeq: nextSeq, toSeq: nextSeq + 2 };
      const stuck = await local.chain.sendAnchor(request);
      const replacement = await local.chain.sendAnchor(request, stuck);
      nextSeq += 3;

      expect(replacement.nonce).toBe(stuck.nonce);
      expect(replacement.maxFeePerGas).toBeGreaterThanOrEqual((stuck.maxFeePerGas * 125n) / 100n);
      expect(replacement.maxPriorityFeePerGas).toBeGreaterThanOrEqual((stuck.maxPriorityFeePerGas * 125n) / 100n);
      expect(await local.chain.receipt(replacement.txHash)).toBeNull();

      await local.testClient.mine({ blocks: 1 });
      await waitForTransactionReceipt(local.chain.client, { hash: replacement.txHash, pollingInterval: 50 });

      expect(await local.chain.receipt(replacement.txHash)).toMatchObject({ status: 'success' });
      expect(await local.chain.receipt(stuck.txHash)).toBeNull();
      expect(await local.chain.isKnown(stuck.txHash)).toBe(false);
    } finally {
      await local.testClient.setAutomine(true);
    }
  });

  it('reads Anchored logs over a block range, and a reverted block takes its log, receipt and root away', async () => {
    const before = await local.chain.headBlock();
    const snapshot = await local.testClient.snapshot();
    const { batch, sent, receipt } = await anchorBatch(hashes(2, 'reorg'));
    const logs = await local.chain.anchoredLogs(before + 1, await local.chain.headBlock());

    expect(logs).toEqual([
      expect.objectContaining({
        batchId: receipt!.batchId,
        root: batch.root,
        fromSeq: nextSeq - 2,
        toSeq: nextSeq - 1,
        txHash: sent.txHash,
        blockHash: receipt!.blockHash,
      }),
    ]);
    expect(await local.chain.blockHash(receipt!.blockNumber)).toBe(receipt!.blockHash);

    await local.testClient.revert({ id: snapshot });
    nextSeq -= 2;

    expect(await local.chain.receipt(sent.txHash)).toBeNull();
    expect(await local.chain.isKnown(sent.txHash)).toBe(false);
    expect(await local.chain.rootOf(receipt!.batchId!)).toBeNull();
    expect(await local.chain.blockHash(receipt!.blockNumber)).toBeNull();
    expect(await local.chain.nextSeq()).toBe(nextSeq);
  });

  it('reports a node that does not answer as unavailable', async () => {
    const gone = viemAnchorChain({ rpcUrl: 'http://127.0.0.1:9', chainId: 31337, contract: local.deployed.address, timeoutMs: 500 });

    await expect(gone.headBlock()).rejects.toThrow(ChainUnavailableError);
    await expect(gone.rootOf(1)).rejects.toThrow(ChainUnavailableError);
  });
});
