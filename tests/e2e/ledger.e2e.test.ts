import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createPublicClient, createTestClient, http, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderEventKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { orderLedgerAbi } from '#shared/infrastructure/ledger/order-ledger-contract.ts';
import { runLedgerCli } from '../../scripts/ledger/cli.ts';
import { adminToken, api, e2e, eventually, newCustomer } from '../support/e2e.ts';
import { createProduct, local, placeOrder, usePermissiveRiskModel, waitForOrder } from './payments-support.ts';

// The order ledger over the whole stack: orders → hash chain → batches → anvil → proofs, checked with the same
// `npm run ledger` code a third party runs. The anchor worker and listener run every second (tests/setup/e2e.ts).
describe('the tamper-evident order ledger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orderly-ledger-e2e-'));
  const stack = local();
  let admin: string;
  let product: string;
  const ledger = () => e2e().ledger;
  const chain = () => createPublicClient({ transport: http(ledger().rpcUrl), cacheTime: 0 });
  const rootOnChain = (batchId: number) =>
    chain().readContract({ address: ledger().contract as Hex, abi: orderLedgerAbi, functionName: 'rootOf', args: [BigInt(batchId)] });

  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const { env } = e2e();
    const code = await runLedgerCli(argv, {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: { ...env, LEDGER_RPC_URL: ledger().rpcUrl, LEDGER_CONTRACT: ledger().contract, LEDGER_CHAIN_ID: String(ledger().chainId) },
      cwd: dir,
    });
    return { code, out, err };
  };
  const proofOf = async (token: string, orderId: string) => api(`/orders/${orderId}/proof`, { token });
  /** Waits until every event of the order is in a confirmed anchor; returns the proof body. */
  const confirmedProof = (token: string, orderId: string, timeoutMs = 20_000) =>
    eventually(
      async () => {
        const proof = await proofOf(token, orderId);
        return proof.status === 200 &&
          Array.isArray(proof.body?.events) &&
          proof.body.events.every((event: { anchor: { status: string } | null }) => event.anchor?.status === 'confirmed')
          ? proof.body
          : undefined;
      },
      timeoutMs,
      500,
    );
  const saveProof = (name: string, body: unknown) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(body, null, 2));
    return file;
  };
  const fullLife = async (token: string) => {
    const order = await placeOrder(token, product);
    await waitForOrder(token, order.id, 'PAID', 'CAPTURED', 20_000);
    expect((await api(`/admin/orders/${order.id}/ship`, { method: 'POST', token: admin })).status).toBe(200);
    expect((await api(`/admin/orders/${order.id}/deliver`, { method: 'POST', token: admin })).status).toBe(200);
    return order.id;
  };

  let customers: Awaited<ReturnType<typeof newCustomer>>[];
  let restoreRisk: (() => Promise<void>) | undefined;
  let orders: { token: string; id: string }[];

  beforeAll(async () => {
    admin = await adminToken();
    product = await createProduct(admin, 1000, 1250);
    customers = await Promise.all(Array.from({ length: 4 }, () => newCustomer()));
    // The ledger is under test, not the risk policy: 20 orders from four fresh accounts would be held for review.
    restoreRisk = await usePermissiveRiskModel(admin, customers[0]!.token);
  }, 120_000);
  afterAll(async () => {
    await restoreRisk?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('anchors 20 orders with their full lives, and every event of every order verifies against the chain alone', async () => {
    // One order first warms every function it passes through; then four at a time, so cold starts on a busy
    // machine stay under the functions' timeout.
    orders = [{ token: customers[0]!.token, id: await fullLife(customers[0]!.token) }];
    for (let start = 1; start < 20; start += 4) {
      const chunk = Array.from({ length: Math.min(4, 20 - start) }, (_, index) => customers[(start + index) % customers.length]!.token);
      orders.push(...(await Promise.all(chunk.map(async (token) => ({ token, id: await fullLife(token) })))));
    }
    const lastEventAt = Date.now();

    // One request at a time: serverless offline starts a worker per concurrent request, and 20 pollers starve it.
    const proofs: Awaited<ReturnType<typeof confirmedProof>>[] = [];
    for (const { token, id } of orders) proofs.push(await confirmedProof(token, id, 30_000));
    console.log(`ledger e2e: all 100 events of 20 orders confirmed ${Date.now() - lastEventAt} ms after the last one was written`);

    for (const [index, proof] of proofs.entries()) {
      expect(proof.events.map((event: { type: string }) => event.type)).toEqual([
        'OrderPlaced',
        'OrderRiskAssessed',
        'OrderPaid',
        'OrderShipped',
        'OrderDelivered',
      ]);
      const { code, out } = await cli('verify', saveProof(`order-${index}`, proof), '--rpc', ledger().rpcUrl);
      expect(code).toBe(0);
      expect(out.filter((line) => line.startsWith('ok'))).toHaveLength(5);
    }
  });

  it('fails a saved proof with one byte changed', async () => {
    const file = saveProof('changed', (await proofOf(orders[0]!.token, orders[0]!.id)).body);
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('"amount": 1250') + '"amount": 125'.length;
    writeFileSync(file, `${text.slice(0, at)}1${text.slice(at + 1)}`);

    const { code, out, err } = await cli('verify', file, '--rpc', ledger().rpcUrl);

    expect(code).toBe(1);
    expect(out.find((line) => line.startsWith('FAIL'))).toMatch(/^FAIL {2}v1 OrderPlaced: hash .* is not the hash of the event's contents/);
    expect(err.join('\n')).toMatch(/verification FAILED: 1 of 5 events/);
  });

  it('fails verification of an event edited directly in DynamoDB, and the audit names it', async () => {
    const { token, id } = orders[1]!;
    // Version 3 is OrderPaid: placed, risk-assessed (issue 10), paid.
    const key = orderEventKey(id, 3);
    await stack.dynamo.send(
      new UpdateCommand({
        TableName: stack.table,
        Key: key,
        UpdateExpression: 'SET #data.#amount.#value = :forged',
        ExpressionAttributeNames: { '#data': 'data', '#amount': 'amount', '#value': 'amount' },
        ExpressionAttributeValues: { ':forged': 1 },
      }),
    );
    try {
      const verify = await cli('verify', saveProof('edited', (await proofOf(token, id)).body), '--rpc', ledger().rpcUrl);
      const audit = await cli('audit');

      expect(verify.code).toBe(1);
      expect(verify.out.filter((line) => line.startsWith('FAIL'))).toEqual([
        expect.stringMatching(/^FAIL {2}v3 OrderPaid: hash .* is not the hash of the event's contents/),
      ]);
      expect(audit.code).toBe(1);
      expect(audit.out).toContainEqual(expect.stringMatching(new RegExp(`^BREAK order ${id} v3: hash-mismatch`)));
      expect(audit.out.filter((line) => line.includes(orders[2]!.id))).toEqual([]);
    } finally {
      await stack.dynamo.send(
        new UpdateCommand({
          TableName: stack.table,
          Key: key,
          UpdateExpression: 'SET #data.#amount.#value = :real',
          ExpressionAttributeNames: { '#data': 'data', '#amount': 'amount', '#value': 'amount' },
          ExpressionAttributeValues: { ':real': 1250 },
        }),
      );
    }
  });

  it("answers 404 to a customer asking for another customer's proof, and to an anonymous caller 401", async () => {
    const [mine, other] = [orders[0]!, customers.find((customer) => customer.token !== orders[0]!.token)!];

    expect((await proofOf(other.token, mine.id)).status).toBe(404);
    expect((await api(`/orders/${mine.id}/proof`)).status).toBe(401);
    expect((await proofOf(admin, mine.id)).status).toBe(200);
  });

  it('keeps taking orders while the chain node is down for 30 s, then anchors everything once, with no range anchored twice', async () => {
    const { token } = customers[0]!;
    expect((await fetch(`${ledger().controlUrl}/evm/stop`, { method: 'POST' })).status).toBe(200);
    const downSince = Date.now();
    let during: string[] = [];
    try {
      during = await Promise.all([1, 2, 3].map(async () => (await placeOrder(token, product)).id));
      const pending = await proofOf(token, during[0]!);
      expect(pending.body.events[0]).toMatchObject({ batchId: null, anchor: null });
      // The outage itself is the scenario: the node stays down for 30 s whatever the workers do meanwhile.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 30_000 - (Date.now() - downSince))));
    } finally {
      expect((await fetch(`${ledger().controlUrl}/evm/start`, { method: 'POST' })).status).toBe(200);
    }

    for (const id of during) await confirmedProof(token, id, 30_000);
    const anchors = (await api('/admin/ledger/anchors?limit=100', { token: admin })).body.items as {
      batchId: number;
      root: Hex;
      fromSeq: number;
      toSeq: number;
      status: string;
    }[];
    const ascending = [...anchors].sort((a, b) => a.batchId - b.batchId);
    for (const [index, batch] of ascending.entries()) {
      if (index > 0) expect(batch.fromSeq).toBe(ascending[index - 1]!.toSeq + 1);
      if (batch.status === 'confirmed') expect(await rootOnChain(batch.batchId)).toBe(batch.root);
    }
  });

  it('sends a batch taken away by a reorg back to pending, anchors it again, and its proofs verify afterwards', async () => {
    const { token } = customers[1]!;
    const testClient = createTestClient({ mode: 'anvil', transport: http(ledger().rpcUrl), cacheTime: 0 });
    const snapshot = await testClient.snapshot();
    const orderId = (await placeOrder(token, product)).id;
    const anchored = await confirmedProof(token, orderId);
    const { batchId, root } = anchored.events[0] as { batchId: number; root: Hex };
    expect(await rootOnChain(batchId)).toBe(root);

    await testClient.revert({ id: snapshot });
    expect(BigInt(await rootOnChain(batchId))).toBe(0n);

    await eventually(async () => (await rootOnChain(batchId)) === root, 20_000, 250);
    const again = await confirmedProof(token, orderId);
    expect(again.events[0]).toMatchObject({ batchId, root });
    expect((await cli('verify', saveProof('after-reorg', again), '--rpc', ledger().rpcUrl)).code).toBe(0);
  });
});
