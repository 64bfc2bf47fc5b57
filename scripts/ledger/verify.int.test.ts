import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForTransactionReceipt } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProof } from '#shared/domain/ledger/testing/proof-mother.ts';
import { startLocalChain, type LocalChain } from '../../tests/support/evm.ts';
import { runLedgerCli } from './cli.ts';

// `npm run ledger -- verify` against a real anvil holding the batch the proof points at.
describe('ledger verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orderly-verify-'));
  let local: LocalChain;
  let file: string;

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runLedgerCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line), env: {}, cwd: process.cwd() });
    return { code, out, err };
  };

  beforeAll(async () => {
    local = await startLocalChain();
    const built = buildProof({ contract: local.deployed.address });
    const batch = built.batches.get(1)!;
    const sent = await local.chain.sendAnchor({ root: batch.root, fromSeq: 1, toSeq: batch.hashes.length });
    await waitForTransactionReceipt(local.chain.client, { hash: sent.txHash, pollingInterval: 50 });
    file = join(dir, 'proof.json');
    writeFileSync(file, JSON.stringify(built.document, null, 2));
  });
  afterAll(async () => {
    await local?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints one ok line per event and exits 0 for an intact proof', async () => {
    const { code, out } = await run('verify', file, '--rpc', local.node.rpcUrl);

    expect(code).toBe(0);
    expect(out).toHaveLength(4);
    expect(out.slice(0, 3).every((line) => line.startsWith('ok'))).toBe(true);
    expect(out[3]).toMatch(/verified: all 3 events/);
  });

  it('fails with a clear message when one byte of the file changes', async () => {
    const changed = join(dir, 'changed.json');
    writeFileSync(changed, readFileSync(file, 'utf8').replace('"amount": 2500', '"amount": 2501'));

    const { code, out, err } = await run('verify', changed, '--rpc', local.node.rpcUrl);

    expect(code).toBe(1);
    expect(out.filter((line) => line.startsWith('FAIL'))).toEqual([
      expect.stringMatching(/^FAIL {2}v1 OrderPlaced: hash 0x\w+…\w+ is not the hash of the event's contents \(0x\w+…\w+\)$/),
    ]);
    expect(err).toEqual([expect.stringMatching(/verification FAILED: 1 of 3 events/)]);
  });

  it.each([
    [
      'a node of another chain',
      async () => ['--rpc', local.node.rpcUrl],
      (doc: Record<string, unknown>) => ({ ...doc, chainId: 1 }),
      /serves chain 31337, but the proof is for chain 1/,
    ],
    [
      'an address without the contract',
      async () => ['--rpc', local.node.rpcUrl],
      (doc: Record<string, unknown>) => ({ ...doc, contract: `0x${'12'.repeat(20)}` }),
      /no contract at/,
    ],
    [
      'no node at all',
      async () => ['--rpc', 'http://127.0.0.1:9'],
      (doc: Record<string, unknown>) => doc,
      /no EVM node answers on http:\/\/127.0.0.1:9/,
    ],
    ['a file that is not a proof', async () => ['--rpc', local.node.rpcUrl], () => ({ hello: 'world' }), /is not an order proof/],
  ])('exits 1 with a message against %s', async (_name, options, change, message) => {
    const other = join(dir, `other-${Math.random()}.json`);
    writeFileSync(other, JSON.stringify(change(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)));

    const { code, err } = await run('verify', other, ...(await options()));

    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(message);
  });

  it.each([[[] as string[]], [['verify']], [['verify', 'a.json', 'b.json']], [['anchor']], [['audit', 'extra']], [['audit', '--aws']]])(
    'exits 2 with the usage for %j',
    async (argv) => {
      const { code, err } = await run(...argv);

      expect(code).toBe(2);
      expect(err.join('\n')).toMatch(/usage: npm run ledger/);
    },
  );
});
