// Capacity units per use case against DynamoDB Local: the real adapters, in-process, with a middleware that asks every
// call for its consumed capacity. Then a burst of public catalog reads through two simulated containers.
import { catalogPageKey, orderStateKey, productKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { ROOT } from './config.ts';
import { attachCapacityMeter, type MeterTotals } from './capacity-meter.ts';
import { LAMBDA_ASSUMPTIONS, lifeCost, PRICES, type LifeTraffic } from './cost-model.ts';
import { loadNote } from './machine.ts';
import { q, round, summarize } from './stats.ts';
import { fmt, renderTable, type Cell } from './table.ts';

/** On-demand prices, Standard table class, us-east-1, per million request units: sources and dates in cost-model.ts. */
export const PRICE_PER_MILLION = { read: PRICES.dynamoRead.usd, write: PRICES.dynamoWrite.usd };

const PRODUCTS = 60;
const PAGE_LIMIT = 20; // the catalog's and the order list's default page size
const ORDER_LINES = 2;
const L1_MAX_ENTRIES = 500; // as in shared/composition/catalog.ts
const L1_TTL_SECONDS = 10; // CATALOG_CACHE_TTL_SECONDS default
const L2_TTL_SECONDS = 60; // CATALOG_PAGE_TTL_SECONDS default
const L2_CACHED_PAGES = 5; // CATALOG_CACHED_PAGES default
const LIST_SHARE = 0.25; // burst: share of list-page reads; the rest are product reads

export interface CapacityOptions {
  runs: number;
  burst: number;
}

export interface UseCaseResult {
  key: string;
  label: string;
  runs: number;
  rcu: number; // means per run
  wcu: number;
  /** WCU with TransactWriteItems counted per item by AWS's rules (DynamoDB Local under-reports them). */
  awsWcu: number;
  gsiUnits: number;
  calls: number;
  failedCalls: number;
  ms: { mean: number; p50: number; p90: number };
  /** Per command, in call order: calls and units per run (means). */
  commands: { command: string; kind: 'read' | 'write'; calls: number; units: number; awsUnits: number; gsiUnits: number; failed: number }[];
  /** false when runs disagreed on units (item sizes vary); the mean is still reported. */
  steady: boolean;
}

interface CacheCounts {
  requests: number;
  l1Hits: number;
  l2Hits: number;
  misses: number;
}

export interface BurstResult {
  requests: number;
  containers: number;
  pages: number;
  durationMs: number;
  product: CacheCounts;
  list: CacheCounts;
  perContainer: CacheCounts[];
  cached: MeterTotals;
  uncached: MeterTotals;
  uncachedDurationMs: number;
}

export interface CapacityResult {
  runs: number;
  products: number;
  useCases: UseCaseResult[];
  burst: BurstResult;
  stackStartMs: number;
  itemBytes: { product: number; orderState: number; l2Page: number };
  /** Each GSI's projection as the table was created. */
  gsiProjections: Record<string, string>;
  /** Whether the catalog invalidation's stream filter lets an order's stock move through (then every order pays for it). */
  stockMoveInvalidatesCatalog: boolean;
}

/** The steps of one order's life, in order; `orderLife` is their sum. */
const LIFE_STEPS = ['placeOrder', 'lifeRisk', 'lifePay', 'lifeShip', 'lifeDeliver', 'lifeGets', 'lifeCatalogInvalidation'] as const;

/** Small deterministic PRNG (mulberry32), so every run reads the same sequence. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** Zipf (s = 1) over n ranks: rank 0 is the most popular. */
const zipf = (n: number, random: () => number) => {
  const weights = Array.from({ length: n }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w / total));
  return () => {
    const r = random();
    const index = cumulative.findIndex((c) => r <= c);
    return index < 0 ? n - 1 : index;
  };
};

const setDefaultEnv = (values: Record<string, string>) => {
  for (const [key, value] of Object.entries(values)) process.env[key] ??= value;
};

export const measureCapacity = async ({ runs, burst }: CapacityOptions): Promise<CapacityResult> => {
  // The shared modules build their Powertools logger/metrics/tracer at import time: quiet and untraced, as in tests.
  setDefaultEnv({
    POWERTOOLS_LOG_LEVEL: 'WARN',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_SERVICE_NAME: 'orderly-bench',
    POWERTOOLS_METRICS_NAMESPACE: 'OrderlyBench',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const [
    { startLocalStack },
    { freePort },
    { localCredentials },
    { ulid },
    { createDynamoBaseClient, documentClientOf },
    { dynamoProductRepository, CATALOG_CURSOR_PURPOSE },
    { signedCursors },
    { dynamoCatalogPageCache },
    { lruMemoryCache },
    { createProduct },
    { getProduct },
    { listProducts },
    { placeOrder },
    { getOrder },
    { listMyOrders },
    { cancelOrder },
    { dynamoOrderRepository },
    { dynamoProductReader },
    { recordRiskAssessment },
    { shipOrder },
    { deliverOrder },
    { processPayments },
    { dynamoPaymentRepository },
    { dynamoScoreLog },
    { invalidateCatalogCache },
    { matchesFilterPatterns },
    { parse: parseYaml },
    { readFileSync },
  ] = await Promise.all([
    import('../scripts/local/stack.ts'),
    import('../scripts/local/ports.ts'),
    import('../scripts/local/aws.ts'),
    import('ulid'),
    import('#shared/infrastructure/dynamodb/client.ts'),
    import('#shared/infrastructure/catalog/dynamo-product-repository.ts'),
    import('#shared/infrastructure/dynamodb/signed-cursor.ts'),
    import('#shared/infrastructure/catalog/dynamo-catalog-page-cache.ts'),
    import('#shared/infrastructure/catalog/lru-memory-cache.ts'),
    import('#shared/application/catalog/create-product.ts'),
    import('#shared/application/catalog/get-product.ts'),
    import('#shared/application/catalog/list-products.ts'),
    import('#shared/application/orders/place-order.ts'),
    import('#shared/application/orders/get-order.ts'),
    import('#shared/application/orders/list-my-orders.ts'),
    import('#shared/application/orders/cancel-order.ts'),
    import('#shared/infrastructure/orders/dynamo-order-repository.ts'),
    import('#shared/infrastructure/orders/dynamo-product-reader.ts'),
    import('#shared/application/orders/record-risk-assessment.ts'),
    import('#shared/application/orders/ship-order.ts'),
    import('#shared/application/orders/deliver-order.ts'),
    import('#shared/application/payments/process-payments.ts'),
    import('#shared/infrastructure/payments/payment-repository.ts'),
    import('#shared/infrastructure/risk/dynamo-score-log.ts'),
    import('#shared/application/catalog/invalidate-catalog-cache.ts'),
    import('../scripts/local/stream-filter.ts'),
    import('yaml'),
    import('node:fs'),
  ]);
  type CatalogPage = Awaited<ReturnType<typeof listProducts>>;
  type ProductView = Awaited<ReturnType<typeof getProduct>>;
  type Observer = Parameters<typeof listProducts>[0]['observer'];

  const t0 = performance.now();
  const ports = {
    dynamodb: await freePort(),
    sqs: await freePort(),
    paymentProvider: await freePort(),
    http: await freePort(),
    lambda: await freePort(),
  };
  const stack = await startLocalStack({ cwd: ROOT, stage: 'test', offline: false, triggers: false, quiet: true, ports });
  const stackStartMs = performance.now() - t0;
  let gsiProjections: Record<string, string> = {};
  let base: ReturnType<typeof createDynamoBaseClient> | undefined;
  try {
    const tableName = stack.env.TABLE_NAME;
    if (!tableName) throw new Error('the local stack gave no TABLE_NAME');
    // The table's keys and GSIs, for re-counting transactions per item; the stack's own (unmetered) client reads them.
    const { DescribeTableCommand } = await import('@aws-sdk/client-dynamodb');
    const { Table } = await stack.clients.dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    const tableKeys = (Table?.KeySchema ?? []).map((k) => k.AttributeName!);
    const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((index) => ({
      name: index.IndexName!,
      keys: (index.KeySchema ?? []).map((k) => k.AttributeName!),
      projection: {
        type: (index.Projection?.ProjectionType ?? 'ALL') as 'ALL' | 'KEYS_ONLY' | 'INCLUDE',
        attributes: index.Projection?.NonKeyAttributes ?? [],
      },
    }));
    gsiProjections = Object.fromEntries(
      indexes.map((index) => [
        index.name,
        index.projection.type + (index.projection.attributes.length ? ` (${index.projection.attributes.join(', ')})` : ''),
      ]),
    );

    // One container's clients, as the composition roots build them; a high slowMs keeps the capacity log quiet.
    base = createDynamoBaseClient({
      region: stack.region,
      endpoint: stack.env.DYNAMODB_ENDPOINT,
      credentials: localCredentials,
      slowMs: 60_000,
    });
    const meter = attachCapacityMeter(base, { probe: stack.clients.dynamodb, indexes, tableKeys });
    const documents = documentClientOf(base);
    const clock = { now: () => new Date() };
    const products = dynamoProductRepository({
      client: documents,
      tableName,
      cursors: signedCursors('bench-cursor-secret-0123456789', CATALOG_CURSOR_PURPOSE),
    });
    const pages = dynamoCatalogPageCache({ client: documents, tableName, clock, ttlSeconds: L2_TTL_SECONDS });
    const orderDeps = {
      orders: dynamoOrderRepository({ client: documents, tableName, clock }),
      products: dynamoProductReader({ client: documents, tableName }),
      clock,
      newId: () => ulid(),
    };

    const counting = () => {
      const counts = { l1Hit: 0, l1Miss: 0, l2Hit: 0, l2Miss: 0, writeFailed: 0 };
      const observer: Observer = {
        hit: (level) => void (level === 'L1' ? counts.l1Hit++ : counts.l2Hit++),
        miss: (level) => void (level === 'L1' ? counts.l1Miss++ : counts.l2Miss++),
        writeFailed: () => void counts.writeFailed++,
      };
      return { counts, observer };
    };
    /** A fresh container's catalog caches: its own L1s, the shared L2. */
    const container = () => ({
      product: { products, memory: lruMemoryCache<ProductView>({ maxEntries: L1_MAX_ENTRIES, ttlSeconds: L1_TTL_SECONDS }), ...counting() },
      list: {
        products,
        pages,
        cachedPages: L2_CACHED_PAGES,
        memory: lruMemoryCache<CatalogPage>({ maxEntries: L1_MAX_ENTRIES, ttlSeconds: L1_TTL_SECONDS }),
        ...counting(),
      },
    });

    // Seed: products with realistic text, enough stock for every order the bench places.
    const productIds: string[] = [];
    for (let n = 0; n < PRODUCTS; n++) {
      const id = ulid();
      productIds.push(id);
      await createProduct(
        { products, clock, newId: () => id },
        {
          name: `Bench product ${String(n).padStart(3, '0')}`,
          description: `A product of the capacity bench, number ${n}: porcelain, stackable, dishwasher safe, 80 ml.`,
          price: { amount: 500 + n * 10, currency: 'EUR' },
          stock: 100_000,
        },
      );
    }
    const customer = { userId: `bench-customer-${ulid()}`, roles: ['customer'] };
    const body = { lines: productIds.slice(0, ORDER_LINES).map((productId) => ({ productId, quantity: 1 })) };
    const place = (actor: { userId: string }, key: string) =>
      placeOrder(orderDeps, { customerId: actor.userId, body, correlationId: `bench-${key}`, idempotencyKey: key });

    // Warm-up outside the figures: JIT, connections and DynamoDB Local's first-call costs, on another customer.
    {
      const other = { userId: `bench-warmup-${ulid()}`, roles: ['customer'] };
      const c = container();
      for (let i = 0; i < 3; i++) {
        const order = await place(other, `warmup-${ulid()}`);
        await getOrder(orderDeps, other, order.id);
        await listMyOrders(orderDeps, other, { limit: PAGE_LIMIT });
        await cancelOrder(orderDeps, { orderId: order.id, actor: other, correlationId: 'bench-warmup' });
        await getProduct(c.product, productIds[i]!);
        await listProducts(c.list, { limit: PAGE_LIMIT });
      }
      await pages.clear();
    }

    const useCases: UseCaseResult[] = [];
    /** `prepare` runs unmetered before each run; only `op` is timed and metered. */
    const measure = async <T>(
      key: string,
      label: string,
      prepare: (i: number) => Promise<T> | T,
      op: (ctx: T, i: number) => Promise<unknown>,
    ) => {
      const samples: { totals: MeterTotals; ms: number }[] = [];
      for (let i = 0; i < runs; i++) {
        const ctx = await prepare(i);
        const mark = meter.mark();
        const started = performance.now();
        await op(ctx, i);
        const elapsed = performance.now() - started;
        const totals = meter.since(mark);
        samples.push({ totals, ms: elapsed - totals.probeMs });
      }
      const mean = (pick: (t: MeterTotals) => number) => samples.reduce((sum, s) => sum + pick(s.totals), 0) / samples.length;
      const commands = new Map<string, UseCaseResult['commands'][number]>();
      for (const s of samples) {
        for (const call of s.totals.log) {
          const entry = commands.get(call.command) ?? {
            command: call.command,
            kind: call.kind,
            calls: 0,
            units: 0,
            awsUnits: 0,
            gsiUnits: 0,
            failed: 0,
          };
          entry.awsUnits += call.awsUnits / runs;
          entry.calls += 1 / runs;
          entry.units += call.units / runs;
          entry.gsiUnits += call.gsiUnits / runs;
          entry.failed += (call.failed ? 1 : 0) / runs;
          commands.set(call.command, entry);
        }
      }
      const latency = summarize(samples.map((s) => s.ms));
      const first = samples[0]!.totals;
      useCases.push({
        key,
        label,
        runs,
        rcu: mean((t) => t.rcu),
        wcu: mean((t) => t.wcu),
        awsWcu: mean((t) => t.awsWcu),
        gsiUnits: mean((t) => t.gsiUnits),
        calls: mean((t) => t.calls),
        failedCalls: mean((t) => t.failedCalls),
        ms: { mean: latency.mean, p50: latency.p50, p90: latency.p90 },
        commands: [...commands.values()].map((c) => ({
          ...c,
          calls: round(c.calls, 2),
          units: round(c.units, 3),
          awsUnits: round(c.awsUnits, 3),
          gsiUnits: round(c.gsiUnits, 3),
          failed: round(c.failed, 2),
        })),
        steady: samples.every((s) => s.totals.rcu === first.rcu && s.totals.wcu === first.wcu && s.totals.calls === first.calls),
      });
    };

    const target = productIds[7]!;
    await measure(
      'getProductCold',
      'GET product, cold (L1 miss: GetItem)',
      () => container().product,
      (deps) => getProduct(deps, target),
    );
    await measure(
      'getProductWarm',
      'GET product, warm (L1 hit)',
      async () => {
        const { product } = container();
        await getProduct(product, target);
        return product;
      },
      (deps) => getProduct(deps, target),
    );

    const firstPage = { limit: PAGE_LIMIT };
    await measure(
      'listProductsCold',
      'list products, cold (L1+L2 miss: Query + L2 put)',
      async () => {
        await pages.clear();
        return container().list;
      },
      (deps) => listProducts(deps, firstPage),
    );
    await measure(
      'listProductsL2Warm',
      'list products, L2 warm (new container: GetItem)',
      async () => {
        if ((await pages.get({ limit: PAGE_LIMIT, depth: 0, cursor: undefined })) === undefined)
          await listProducts(container().list, firstPage);
        return container().list;
      },
      (deps) => listProducts(deps, firstPage),
    );
    await measure(
      'listProductsL1Warm',
      'list products, L1 warm',
      async () => {
        const { list } = container();
        await listProducts(list, firstPage);
        return list;
      },
      (deps) => listProducts(deps, firstPage),
    );

    const keys = Array.from({ length: runs }, () => `bench-${ulid()}`);
    const orderIds: string[] = [];
    await measure(
      'placeOrder',
      `place order (${ORDER_LINES} lines, idempotent, new key)`,
      () => undefined,
      async (_, i) => {
        orderIds.push((await place(customer, keys[i]!)).id);
      },
    );
    await measure(
      'placeOrderReplay',
      'place order, repeated key (replay)',
      () => undefined,
      async (_, i) => {
        const replayed = await place(customer, keys[i]!);
        if (replayed.id !== orderIds[i]) throw new Error('an idempotent replay returned another order');
      },
    );
    await measure(
      'getOrder',
      'get order',
      () => undefined,
      (_, i) => getOrder(orderDeps, customer, orderIds[i]!),
    );
    await measure(
      'listMyOrders',
      `list my orders (page of ${PAGE_LIMIT})`,
      () => undefined,
      () => listMyOrders(orderDeps, customer, { limit: PAGE_LIMIT }),
    );
    // The rest of each placed order's life, as the workers and the admin do it: risk step, payment, ship, deliver,
    // two GETs, and the catalog invalidation its stock move triggers (if the stream filter lets it through).
    const admin = { userId: `bench-admin-${ulid()}`, roles: ['admin'] };
    const scores = dynamoScoreLog({ client: documents, tableName });
    await measure(
      'lifeRisk',
      'life: risk step (OrderRiskAssessed + score record)',
      () => undefined,
      async (_, i) => {
        const scoredAt = clock.now().toISOString();
        const assessment = {
          orderId: orderIds[i]!,
          decision: 'approve' as const,
          score: 0.12,
          modelVersion: 1,
          variant: 'champion' as const,
          reasons: [],
          scoredAt,
        };
        await recordRiskAssessment(orderDeps, assessment, `bench-risk-${i}`);
        await scores.record([
          {
            orderId: orderIds[i]!,
            version: 1,
            variant: 'champion',
            shadow: false,
            score: 0.12,
            decision: 'approve',
            latencyUs: 20,
            scoredAt,
          },
        ]);
      },
    );
    const provider = {
      charge: async () => ({ outcome: 'captured' as const, chargeId: `ch_${ulid()}` }),
      refund: async () => ({ outcome: 'refunded' as const, refundId: `re_${ulid()}` }),
      findCharge: async () => undefined,
    };
    // The worker as its composition runs it: the PAYMENT item's lease lasts the invocation's remaining time.
    const paymentDeps = {
      payments: dynamoPaymentRepository({ client: documents, tableName, clock }),
      provider,
      orders: orderDeps,
      remainingTimeMs: () => 18_000,
    };
    await measure(
      'lifePay',
      'life: payments worker (PAYMENT item with its lease, charge, OrderPaid)',
      () => undefined,
      (_, i) =>
        processPayments(paymentDeps, {
          eventId: ulid(),
          type: 'OrderRiskAssessed',
          orderId: orderIds[i]!,
          correlationId: `bench-pay-${i}`,
        }),
    );
    await measure(
      'lifeShip',
      'life: ship (admin)',
      () => undefined,
      (_, i) => shipOrder(orderDeps, { orderId: orderIds[i]!, actor: admin, correlationId: `bench-ship-${i}` }),
    );
    await measure(
      'lifeDeliver',
      'life: deliver (admin)',
      () => undefined,
      (_, i) => deliverOrder(orderDeps, { orderId: orderIds[i]!, actor: admin, correlationId: `bench-deliver-${i}` }),
    );
    await measure(
      'lifeGets',
      'life: 2 x GET order (owner)',
      () => undefined,
      async (_, i) => {
        await getOrder(orderDeps, customer, orderIds[i]!);
        await getOrder(orderDeps, customer, orderIds[i]!);
      },
    );
    // Does an order's stock move reach the invalidation? The product item as it stands after one, through the
    // function's own stream filter (infra/functions-catalog.yml), exactly as the local trigger applies it.
    const { marshall } = await import('@aws-sdk/util-dynamodb');
    const { GetCommand: Get } = await import('@aws-sdk/lib-dynamodb');
    const moved = (await documents.send(new Get({ TableName: tableName, Key: productKey(productIds[0]!), ConsistentRead: true }))).Item!;
    const catalogFunctions = parseYaml(readFileSync(`${ROOT}/infra/functions-catalog.yml`, 'utf8')) as Record<
      string,
      { events?: { stream?: { filterPatterns?: Record<string, unknown>[] } }[] }
    >;
    const patterns = catalogFunctions.invalidateCatalogCache?.events?.find((e) => e.stream)?.stream?.filterPatterns;
    const stockMoveInvalidatesCatalog = matchesFilterPatterns(
      { eventName: 'MODIFY', dynamodb: { NewImage: marshall(moved, { removeUndefinedValues: true }) } },
      patterns,
    );
    await measure(
      'lifeCatalogInvalidation',
      `life: catalog invalidation by the stock move (${stockMoveInvalidatesCatalog ? 'triggered: first page cached' : 'filtered out: nothing runs'})`,
      async () => {
        if ((await pages.get({ limit: PAGE_LIMIT, depth: 0, cursor: undefined })) === undefined)
          await listProducts(container().list, firstPage);
      },
      async () => {
        if (stockMoveInvalidatesCatalog) await invalidateCatalogCache({ pages });
      },
    );

    // Cancel: fresh orders (placed unmetered), so the life above stays whole.
    const toCancel: string[] = [];
    await measure(
      'cancelOrder',
      'cancel order (releases stock)',
      async (i) => {
        toCancel[i] = (await place(customer, `bench-cancel-${ulid()}`)).id;
      },
      (_, i) => cancelOrder(orderDeps, { orderId: toCancel[i]!, actor: customer, correlationId: `bench-cancel-${i}` }),
    );

    // Item sizes explain the units: DynamoDB rounds reads up to 4 KB and writes up to 1 KB.
    const sizeOf = async (key: Record<string, string>) => {
      const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
      const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: key }));
      return Item ? Buffer.byteLength(JSON.stringify(Item)) : 0;
    };
    await listProducts(container().list, firstPage);
    const itemBytes = {
      product: await sizeOf(productKey(target)),
      orderState: await sizeOf(orderStateKey(orderIds[0]!)),
      l2Page: await sizeOf(catalogPageKey(PAGE_LIMIT, 0)),
    };

    // Burst: public catalog reads spread over two containers that share L2, starting with empty caches.
    const cursors: (string | undefined)[] = [undefined];
    for (
      let next = (await products.listActive({ limit: PAGE_LIMIT })).nextCursor;
      next;
      next = (await products.listActive({ limit: PAGE_LIMIT, cursor: next })).nextCursor
    )
      cursors.push(next);
    const random = prng(20_240_601);
    const pickProduct = zipf(productIds.length, random);
    const pickPage = zipf(cursors.length, random);
    const shuffled = [...productIds].sort(() => random() - 0.5);
    const requests = Array.from({ length: burst }, () => {
      const on = random() < 0.5 ? 0 : 1;
      return random() < LIST_SHARE
        ? { on, kind: 'list' as const, cursor: cursors[pickPage()] }
        : { on, kind: 'product' as const, id: shuffled[pickProduct()]! };
    });

    await pages.clear();
    const containers = [container(), container()];
    const burstMark = meter.mark();
    const burstStarted = performance.now();
    for (const request of requests) {
      const c = containers[request.on]!;
      if (request.kind === 'list') await listProducts(c.list, { limit: PAGE_LIMIT, cursor: request.cursor });
      else await getProduct(c.product, request.id);
    }
    const durationMs = performance.now() - burstStarted;
    const cached = meter.since(burstMark);

    // The same sequence with no cache at all: what the caches saved.
    const uncachedMark = meter.mark();
    const uncachedStarted = performance.now();
    for (const request of requests) {
      if (request.kind === 'list') await products.listActive({ limit: PAGE_LIMIT, cursor: request.cursor });
      else await products.get(request.id);
    }
    const uncachedDurationMs = performance.now() - uncachedStarted;
    const uncached = meter.since(uncachedMark);

    const countsOf = (which: 'product' | 'list', list: typeof containers): CacheCounts => {
      const sum = { requests: 0, l1Hits: 0, l2Hits: 0, misses: 0 };
      for (const c of list) {
        const k = c[which].counts;
        sum.requests += k.l1Hit + k.l1Miss;
        sum.l1Hits += k.l1Hit;
        sum.l2Hits += k.l2Hit;
        sum.misses += which === 'list' ? k.l2Miss : k.l1Miss;
      }
      return sum;
    };
    const perContainer = containers.map((c) => {
      const p = countsOf('product', [c]);
      const l = countsOf('list', [c]);
      return { requests: p.requests + l.requests, l1Hits: p.l1Hits + l.l1Hits, l2Hits: l.l2Hits, misses: p.misses + l.misses };
    });
    return {
      runs,
      products: PRODUCTS,
      useCases,
      stackStartMs,
      itemBytes,
      gsiProjections,
      stockMoveInvalidatesCatalog,
      burst: {
        requests: burst,
        containers: containers.length,
        pages: cursors.length,
        durationMs,
        product: countsOf('product', containers),
        list: countsOf('list', containers),
        perContainer,
        cached,
        uncached,
        uncachedDurationMs,
      },
    };
  } finally {
    base?.destroy();
    await stack.stop();
  }
};

const usd = (value: number) => (value >= 0.01 ? `$${value.toFixed(2)}` : `$${value.toPrecision(3)}`);
const costOf = (rcu: number, wcu: number) => (rcu * PRICE_PER_MILLION.read + wcu * PRICE_PER_MILLION.write) / 1e6;
const pct = (part: number, whole: number) => (whole ? (100 * part) / whole : Number.NaN);

/** The events of the measured life, in order, and which consumer queues each reaches (the publisher's own table). */
const LIFE_EVENTS = ['OrderPlaced', 'OrderRiskAssessed', 'OrderPaid', 'OrderShipped', 'OrderDelivered'] as const;

export const WHOLE_LIFE_WRU_TARGET = 24;
export const PLACE_WCU_TARGET = 8;
export const CANCEL_WCU_TARGET = 8;

export const reportCapacity = (r: CapacityResult, subscriptions: Record<string, readonly string[]>) => {
  const byKey = new Map(r.useCases.map((u) => [u.key, u]));
  const steps = LIFE_STEPS.map((k) => byKey.get(k)!);
  const lifeRru = steps.reduce((sum, u) => sum + u.rcu, 0);
  const lifeWru = steps.reduce((sum, u) => sum + u.awsWcu, 0);
  const messages = LIFE_EVENTS.map((type) =>
    Object.entries(subscriptions)
      .filter(([, types]) => types.includes(type) || types.includes('*'))
      .map(([c]) => c),
  );
  const traffic: LifeTraffic = {
    httpRequests: 5, // POST /orders, 2 x GET /orders/{id}, ship, deliver
    workerInvocations:
      LIFE_EVENTS.length /* events publisher, one stream record each */ +
      messages.flat().filter((c) => c !== 'payments').length +
      (r.stockMoveInvalidatesCatalog ? 1 : 0),
    paymentsInvocations: messages.flat().filter((c) => c === 'payments').length,
    sqsMessages: messages.flat().length,
    rru: lifeRru,
    wru: lifeWru,
  };
  const cost = lifeCost(traffic);
  const units = (n: number) => fmt(n, n % 1 === 0 ? 0 : 2);
  const rows: Cell[][] = r.useCases.map((u) => [
    u.label,
    units(u.rcu),
    units(u.awsWcu),
    fmt(u.calls, u.calls % 1 === 0 ? 0 : 1),
    fmt(u.ms.mean, 2),
    u.wcu === u.awsWcu ? '' : units(u.wcu),
    u.commands
      .map((c) => {
        const name = c.command.replace(/Command$/, '').replace(/Items?$/, '');
        const count = c.calls === 1 ? '' : `${fmt(c.calls, c.calls % 1 === 0 ? 0 : 1)}x`;
        const gsi = c.gsiUnits ? `, GSI ${units(c.gsiUnits)}` : '';
        return `${count}${name} ${units(c.awsUnits)}${c.kind === 'read' ? 'r' : 'w'}${c.awsUnits === c.units ? gsi : ` (Local ${units(c.units)}${gsi})`}${c.failed ? `, ${c.failed === 1 ? '' : `${units(c.failed)}x `}failed` : ''}`;
      })
      .join(' > ') + (u.steady ? '' : ' ~'),
  ]);
  const perOrder = ['placeOrder', 'getOrder', 'cancelOrder'].map((k) => byKey.get(k)!);
  const orderRcu = perOrder.reduce((s, u) => s + u.rcu, 0);
  const orderWcu = perOrder.reduce((s, u) => s + u.awsWcu, 0);
  const orderLocalWcu = perOrder.reduce((s, u) => s + u.wcu, 0);
  const orderCost = costOf(orderRcu, orderWcu);
  const place = byKey.get('placeOrder')!;
  const placeWrites = place.commands.filter((c) => c.kind === 'write');
  const idempotencyWcu = `${placeWrites.map((c) => c.command.replace(/Command$/, '')).join(' + ')}: no idempotency record besides the order's first event (the order id comes from customer + Idempotency-Key)`;
  const notes = [
    `Means over ${r.runs} runs each (after a warm-up), real adapters in-process against DynamoDB Local; ${r.products} products seeded; ms is DynamoDB Local on this machine, not AWS`,
    "  (minus the meter's own before/after reads around transactions).",
    'RCU/WCU as DynamoDB Local reports them (ReturnConsumedCapacity INDEXES): reads = Get/Query/BatchGet/TransactGet, writes = Put/Update/Delete/BatchWrite/TransactWrite;',
    '  consistency is already in the figure (strong read of <= 4 KB = 1, eventual = 0.5, transactional x2). GSI = units of that spent on GSI1/GSI2. ~ = runs differed.',
    "  Writes are re-counted by AWS's documented rules from the item before and after (DynamoDB Local 3.x charges a transaction only its largest item per table:",
    '  a 4-item transaction of small items reports 2, not 8): table ceil(KB), x2 for an item of a transaction (prepare + commit); each GSI entry written once per',
    '  put / delete / projected change (a key change = delete + put, an update that changes nothing the index projects = 0), also in a transaction, since the',
    '  index is maintained by propagation after the commit (Local doubles those: "Local WCU"). Empty Queries report 0 on Local.',
    `Item sizes (JSON of the stored item): product ${r.itemBytes.product} B, order STATE ${r.itemBytes.orderState} B, L2 page of ${PAGE_LIMIT} ${r.itemBytes.l2Page} B.`,
    `Place order writes ${idempotencyWcu}, as POST /orders does.`,
    ...(r.useCases.some((u) => u.failedCalls)
      ? [
          "A failed call (the replay's conditional Put that finds the stored record) reports no units in its error; on AWS a failed conditional write still costs at least 1 WRU, so the replay row is a floor.",
        ]
      : []),
    `Cost per order (place + get + cancel): ${units(orderRcu)} RRU + ${units(orderWcu)} WRU = ${usd(orderCost)} per order, ${usd(orderCost * 1e6)} per million orders` +
      ` (with Local's own transaction figures: ${units(orderLocalWcu)} WRU, ${usd(costOf(orderRcu, orderLocalWcu) * 1e6)} per million)`,
    `  (on-demand, Standard table class, us-east-1: $${PRICE_PER_MILLION.read} per million read request units, $${PRICE_PER_MILLION.write} per million write request units; in on-demand mode one reported capacity unit is one request unit:`,
    '  a strongly consistent read of <= 4 KB is 1 RRU, an eventually consistent one 0.5; storage, streams, PITR and backups not included; other regions cost more).',
    `DynamoDB Local (stack without serverless offline) started in ${fmt(r.stackStartMs / 1000, 1)} s.`,
    ...loadNote(),
  ];
  const capacityTable = renderTable(
    'DynamoDB capacity per use case (DynamoDB Local)',
    ['use case', 'RCU', 'WCU', 'calls', 'ms', 'Local WCU', 'calls in order: units (r = read, w = write)'],
    rows,
    notes,
  );

  const units2 = (n: number) => fmt(n, n % 1 === 0 ? 0 : 2);
  const lifeRows: Cell[][] = [
    ...steps.map((u) => [u.label, units2(u.rcu), units2(u.awsWcu)] as Cell[]),
    ['whole life', units2(lifeRru), `${units2(lifeWru)} (target <= ${WHOLE_LIFE_WRU_TARGET})`],
  ];
  const lifeTable = renderTable("One order's whole life: DynamoDB units per step (AWS rules)", ['step', 'RRU', 'WRU'], lifeRows, [
    `Place (2 lines) -> risk step -> payments worker -> ship -> deliver, plus 2 GETs and every stream consumer the life triggers; ${r.runs} orders.`,
    `GSI projections: ${Object.entries(r.gsiProjections)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}.`,
    `An order's stock move ${r.stockMoveInvalidatesCatalog ? 'passes' : 'does not pass'} the catalog invalidation's stream filter (checked on the product item after a move).`,
    "Not in the DynamoDB figure: the risk worker's reads of its inputs and model (cached), the notifications worker's reads (RRU only),",
    '  and the ledger anchor (issue 15, scheduled): per event one Update of its seq and batch id (1 WRU + its index entries: the first event',
    "  rewrites its order-ledger entry, a later one removes its unsequenced entry, 1 each), amortised batch items, and the first-event walk's reads.",
  ]);
  const costTable = renderTable(
    'All-in cost per million orders (whole life, us-east-1 list prices)',
    ['item', 'per order', 'unit', 'USD per million orders'],
    cost.lines
      .map(
        (line) => [line.item, fmt(line.quantity, line.quantity % 1 === 0 ? 0 : 3), line.unit, fmt(line.usdPerMillionOrders, 2)] as Cell[],
      )
      .concat([['total', '', '', fmt(cost.usdPerMillionOrders, 2)]]),
    [
      ...Object.values(PRICES).map((p) => `$${p.usd} per ${p.per}: ${p.source}, read ${p.read}.`),
      `Assumed: ${LAMBDA_ASSUMPTIONS.memoryGb * 1024} MB per function; billed ${LAMBDA_ASSUMPTIONS.httpMs} ms per HTTP invocation, ${LAMBDA_ASSUMPTIONS.workerMs} ms per worker,`,
      `  ${LAMBDA_ASSUMPTIONS.paymentsMs} ms for the payments worker (the provider's answer); one record per stream/SQS invocation (batching only lowers it); cold starts left out.`,
      `Messages: ${messages.map((m, i) => `${LIFE_EVENTS[i]} -> ${m.join('+') || 'none'}`).join(', ')} (ORDER_EVENT_SUBSCRIPTIONS); stream reads by Lambda are free.`,
      'Not included: storage, PITR, data transfer, CloudWatch logs/metrics, X-Ray, KMS, WebSocket pushes, idle SQS long polls.',
    ],
  );

  const b = r.burst;
  const burstRow = (name: string, c: CacheCounts): Cell[] => [
    name,
    c.requests,
    c.l1Hits,
    fmt(pct(c.l1Hits, c.requests), 1),
    c.l2Hits,
    fmt(pct(c.l2Hits, c.requests), 1),
    c.misses,
    fmt(pct(c.misses, c.requests), 1),
  ];
  const all: CacheCounts = {
    requests: b.product.requests + b.list.requests,
    l1Hits: b.product.l1Hits + b.list.l1Hits,
    l2Hits: b.product.l2Hits + b.list.l2Hits,
    misses: b.product.misses + b.list.misses,
  };
  const savedCalls = b.uncached.calls - b.cached.calls;
  const savedRcu = b.uncached.rcu - b.cached.rcu;
  const burstNotes = [
    `${b.requests} public catalog reads in ${fmt(b.durationMs / 1000, 2)} s: ${fmt(100 * LIST_SHARE, 0)}% list pages (limit ${PAGE_LIMIT}, Zipf over its ${b.pages} pages), the rest GET product (Zipf s=1 over ${r.products} ids);`,
    `  each read goes to one of ${b.containers} simulated containers at random (own L1 LRU, TTL ${L1_TTL_SECONDS} s; shared L2 page items, TTL ${L2_TTL_SECONDS} s); all caches empty at the start. GET product has no L2 by design.`,
    `DynamoDB calls: ${b.cached.calls} with the caches vs ${b.uncached.calls} without = ${savedCalls} saved (${fmt(pct(savedCalls, b.uncached.calls), 1)}%);` +
      ` RCU ${units(b.cached.rcu)} vs ${units(b.uncached.rcu)} (${units(savedRcu)} saved), at the cost of ${units(b.cached.wcu)} WCU of L2 page writes.`,
    `  Net: ${usd((costOf(b.cached.rcu, b.cached.wcu) * 1e6) / b.requests)} vs ${usd((costOf(b.uncached.rcu, 0) * 1e6) / b.requests)} per million reads of this mix; uncached run took ${fmt(b.uncachedDurationMs / 1000, 2)} s.`,
  ];
  const burstTable = renderTable(
    `Catalog cache hit ratio: ${b.requests}-read burst, ${b.containers} containers sharing L2`,
    ['reads', 'requests', 'L1 hits', 'L1 %', 'L2 hits', 'L2 %', 'misses (DynamoDB)', 'miss %'],
    [
      burstRow('GET product', b.product),
      burstRow('list products', b.list),
      burstRow('all', all),
      ...b.perContainer.map((c, i) => burstRow(`  container ${i + 1}`, c)),
    ],
    burstNotes,
  );

  const useCaseFigures = Object.fromEntries(
    r.useCases.map((u) => [
      u.key,
      {
        label: u.label,
        runs: u.runs,
        rcu: q(u.rcu, 'RCU'),
        wcu: q(u.awsWcu, 'WCU'),
        wcuReportedByDynamoDbLocal: q(u.wcu, 'WCU'),
        gsiUnits: q(u.gsiUnits, 'CU'),
        calls: q(u.calls, 'calls'),
        failedCalls: q(u.failedCalls, 'calls'),
        latency: { mean: q(u.ms.mean, 'ms'), p50: q(u.ms.p50, 'ms'), p90: q(u.ms.p90, 'ms') },
        commandsPerRun: u.commands.map((c) => ({
          command: c.command,
          kind: c.kind,
          calls: c.calls,
          units: q(c.awsUnits, c.kind === 'read' ? 'RCU' : 'WCU'),
          unitsReportedByDynamoDbLocal: q(c.units, c.kind === 'read' ? 'RCU' : 'WCU'),
          gsiUnits: q(c.gsiUnits, 'CU'),
          failed: c.failed,
        })),
        steady: u.steady,
      },
    ]),
  );
  const countsFigures = (c: CacheCounts) => ({
    requests: q(c.requests, 'requests'),
    l1Hits: q(c.l1Hits, 'requests'),
    l2Hits: q(c.l2Hits, 'requests'),
    misses: q(c.misses, 'requests'),
    l1HitRatio: q(pct(c.l1Hits, c.requests), '%', 2),
    l2HitRatio: q(pct(c.l2Hits, c.requests), '%', 2),
    missRatio: q(pct(c.misses, c.requests), '%', 2),
  });
  const totalsFigures = (t: MeterTotals) => {
    const byCommand: Record<string, number> = {};
    for (const call of t.log) byCommand[call.command] = (byCommand[call.command] ?? 0) + 1;
    return { calls: q(t.calls, 'calls'), rcu: q(t.rcu, 'RCU'), wcu: q(t.wcu, 'WCU'), byCommand };
  };
  return {
    tables: [capacityTable, lifeTable, costTable, burstTable],
    results: {
      runs: r.runs,
      productsSeeded: r.products,
      stackStart: q(r.stackStartMs / 1000, 's'),
      itemBytes: {
        product: q(r.itemBytes.product, 'B', 0),
        orderState: q(r.itemBytes.orderState, 'B', 0),
        l2Page: q(r.itemBytes.l2Page, 'B', 0),
      },
      useCases: useCaseFigures,
      gsiProjections: r.gsiProjections,
      stockMoveInvalidatesCatalog: r.stockMoveInvalidatesCatalog,
      orderLife: {
        rru: q(lifeRru, 'RRU'),
        wru: q(lifeWru, 'WRU'),
        targetWru: q(WHOLE_LIFE_WRU_TARGET, 'WRU'),
        traffic,
        assumptions: LAMBDA_ASSUMPTIONS,
        prices: PRICES,
        costLines: cost.lines.map((line) => ({ ...line, usdPerMillionOrders: q(line.usdPerMillionOrders, 'USD', 2) })),
        perMillionOrders: q(cost.usdPerMillionOrders, 'USD', 2),
      },
      costPerOrder: {
        basis: 'place + get + cancel; on-demand, Standard table class, us-east-1; 1 reported CU = 1 request unit',
        pricePerMillionReadRequestUnits: q(PRICE_PER_MILLION.read, 'USD'),
        pricePerMillionWriteRequestUnits: q(PRICE_PER_MILLION.write, 'USD'),
        rru: q(orderRcu, 'RRU'),
        wru: q(orderWcu, 'WRU'),
        wruAsReportedByDynamoDbLocal: q(orderLocalWcu, 'WRU'),
        perOrder: q(orderCost, 'USD', 9),
        perMillionOrders: q(orderCost * 1e6, 'USD', 2),
      },
      cacheBurst: {
        requests: b.requests,
        containers: b.containers,
        pages: b.pages,
        listShare: q(100 * LIST_SHARE, '%'),
        duration: q(b.durationMs / 1000, 's'),
        product: countsFigures(b.product),
        list: countsFigures(b.list),
        all: countsFigures(all),
        perContainer: b.perContainer.map(countsFigures),
        withCaches: totalsFigures(b.cached),
        withoutCaches: totalsFigures(b.uncached),
        callsSaved: q(savedCalls, 'calls'),
        callsSavedRatio: q(pct(savedCalls, b.uncached.calls), '%', 2),
        rcuSaved: q(savedRcu, 'RCU'),
        uncachedDuration: q(b.uncachedDurationMs / 1000, 's'),
      },
    },
    misses: [
      ...(byKey.get('placeOrder')!.awsWcu > PLACE_WCU_TARGET
        ? [`place order > ${PLACE_WCU_TARGET} WCU: ${units(byKey.get('placeOrder')!.awsWcu)}`]
        : []),
      ...(byKey.get('cancelOrder')!.awsWcu > CANCEL_WCU_TARGET
        ? [`cancel order > ${CANCEL_WCU_TARGET} WCU: ${units(byKey.get('cancelOrder')!.awsWcu)}`]
        : []),
      ...(lifeWru > WHOLE_LIFE_WRU_TARGET ? [`order life > ${WHOLE_LIFE_WRU_TARGET} WRU: ${units(lifeWru)}`] : []),
    ],
  };
};
