// `npm run bench:ledger`: gas per anchor against batch size on a local anvil, anchor latency offline, Merkle build
// time, and the chain cost per million orders at stated gas prices. A measurement, not a test.
//
// Knobs (environment): BENCH_LEDGER_SIZES=1,10,100,1000,2000  BENCH_LEDGER_EVENTS_PER_ORDER=4
// BENCH_LEDGER_GWEI=0.05,1,20  BENCH_LEDGER_ETH_USD=3000
import { keccak256, toHex, type Hex } from 'viem';
import { waitForTransactionReceipt } from 'viem/actions';
import { merkleBatch } from '#shared/domain/ledger/merkle.ts';
import { startLocalChain } from '../tests/support/evm.ts';

const list = (raw: string | undefined, fallback: number[]) => (raw ? raw.split(',').map(Number) : fallback);
const sizes = list(process.env.BENCH_LEDGER_SIZES, [1, 10, 100, 1000, 2000]);
const eventsPerOrder = Number(process.env.BENCH_LEDGER_EVENTS_PER_ORDER ?? 4);
const gweiPrices = list(process.env.BENCH_LEDGER_GWEI, [0.05, 1, 20]);
const ethUsd = Number(process.env.BENCH_LEDGER_ETH_USD ?? 3000);

const local = await startLocalChain();
try {
  let nextSeq = 1;
  const rows: { size: number; gas: bigint; merkleMs: number; latencyMs: number }[] = [];
  // One warm-up anchor: the first write to the counters' slot costs more than every later one.
  const warm = await local.chain.sendAnchor({ root: keccak256('0x01'), fromSeq: nextSeq, toSeq: nextSeq });
  const first = await waitForTransactionReceipt(local.chain.client, { hash: warm.txHash, pollingInterval: 20 });
  nextSeq += 1;
  for (const size of sizes) {
    const hashes: Hex[] = Array.from({ length: size }, (_, index) => keccak256(toHex(`bench-${size}-${index}`)));
    const merkleStart = performance.now();
    const root = merkleBatch(hashes).root;
    const merkleMs = performance.now() - merkleStart;
    const sendStart = performance.now();
    const sent = await local.chain.sendAnchor({ root, fromSeq: nextSeq, toSeq: nextSeq + size - 1 });
    const receipt = await waitForTransactionReceipt(local.chain.client, { hash: sent.txHash, pollingInterval: 20 });
    rows.push({ size, gas: receipt.gasUsed, merkleMs, latencyMs: performance.now() - sendStart });
    nextSeq += size;
  }

  console.log(
    `OrderLedger on anvil (chain ${local.node.chainId}): deploy ${local.deployed.gasUsed} gas, first anchor ${first.gasUsed} gas\n`,
  );
  console.log('batch size | gas per anchor | gas per event | Merkle root (ms) | send → receipt offline (ms)');
  console.log('---|---|---|---|---');
  for (const row of rows)
    console.log(
      `${row.size} | ${row.gas} | ${(Number(row.gas) / row.size).toFixed(1)} | ${row.merkleMs.toFixed(1)} | ${row.latencyMs.toFixed(0)}`,
    );

  const gas = Number(rows.at(-1)!.gas);
  console.log(`\nCost per million orders (${eventsPerOrder} events each, ${gas} gas per anchor, ETH at $${ethUsd}):`);
  console.log(`batch size | anchors | ${gweiPrices.map((gwei) => `at ${gwei} gwei`).join(' | ')}`);
  console.log(`---|---|${gweiPrices.map(() => '---').join('|')}`);
  for (const size of sizes) {
    const anchors = Math.ceil((1_000_000 * eventsPerOrder) / size);
    const costs = gweiPrices.map((gwei) => {
      const eth = (anchors * gas * gwei) / 1e9;
      return `${eth.toFixed(4)} ETH ($${(eth * ethUsd).toFixed(2)})`;
    });
    console.log(`${size} | ${anchors} | ${costs.join(' | ')}`);
  }
} finally {
  await local.stop();
}
