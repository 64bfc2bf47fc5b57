import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEvmNode, rpcCall } from './evm-node.ts';
import { freePort } from './ports.ts';

describe('the local EVM node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orderly-anvil-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts on a free port, answers JSON-RPC, stops, and keeps its chain in a state file across restarts', async () => {
    const statePath = join(dir, 'state.json');
    const port = await freePort();
    const first = await startEvmNode({ port, log: () => {}, statePath });
    expect(await rpcCall(first.rpcUrl, 'eth_chainId')).toBe('0x7a69');
    await rpcCall(first.rpcUrl, 'evm_mine');
    await rpcCall(first.rpcUrl, 'evm_mine');
    await first.stop();
    expect(await rpcCall(first.rpcUrl, 'eth_chainId')).toBeUndefined();

    const second = await startEvmNode({ port, log: () => {}, statePath });
    try {
      expect(Number(await rpcCall(second.rpcUrl, 'eth_blockNumber'))).toBeGreaterThanOrEqual(2);
    } finally {
      await second.stop();
    }
  });
});
