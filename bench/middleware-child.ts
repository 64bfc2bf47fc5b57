// Child process of middleware.ts: the warm, in-process comparison of the full HTTP stack and a bare handler.
// stdout goes to /dev/null (the stack's request log and EMF metrics are part of the cost); results go to argv[2].
import { writeFileSync } from 'node:fs';
import * as z from '#shared/zod.ts';
import { publicRoute } from '#shared/middleware/http/route.ts';
import type { HttpEvent, HttpResponse } from '#shared/middleware/http/types.ts';
import type { OrderlyContext } from '#shared/middleware/context.ts';
import { fakeContext, httpEvent } from '../tests/support/lambda.ts';

const outFile = process.argv[2];
const iterations = Number(process.argv[3] ?? 20_000);
const warmup = Number(process.argv[4] ?? 3_000);
if (!outFile) throw new Error('usage: middleware-child.ts <out.json> [iterations] [warmup]');

// zod/mini through shared/zod.ts, as the functions validate.
const bodySchema = z.object({
  sku: z.string().check(z.minLength(1), z.maxLength(64)),
  quantity: z.int().check(z.gte(1), z.lte(100)),
  email: z.email(),
  note: z.optional(z.string().check(z.maxLength(200))),
});
type Body = z.infer<typeof bodySchema>;

// The same use case on both sides: echo the order line with a total.
const useCase = (body: Body) => ({ status: 201, body: { ...body, accepted: true, total: body.quantity * 1250 } });

const stack = publicRoute({ schemas: { body: bodySchema } }, async ({ body }) => useCase(body));

const bare = async (event: HttpEvent, _context: OrderlyContext): Promise<HttpResponse> => {
  const parsed = bodySchema.safeParse(JSON.parse(event.body as string));
  if (!parsed.success) return { statusCode: 400, headers: { 'content-type': 'application/problem+json' }, body: '{"status":400}' };
  const { status, body } = useCase(parsed.data);
  return { statusCode: status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
};

const payload = JSON.stringify({ sku: 'SKU-12345', quantity: 3, email: 'buyer@example.com', note: 'leave at the door' });
const headers = {
  'content-type': 'application/json',
  origin: 'http://localhost',
  'user-agent': 'bench',
  'x-correlation-id': 'bench-correlation-0001',
};
// A fresh event per call (the stack replaces event.body with the parsed JSON), built outside the timed region.
const newEvent = () => httpEvent({ method: 'POST', path: '/orders', routeKey: 'POST /orders', headers: { ...headers }, body: payload });

type Handler = (event: HttpEvent, context: OrderlyContext) => Promise<HttpResponse>;
const handlers: Record<'stack' | 'bare', Handler> = { stack: stack as unknown as Handler, bare };

// Sanity: both answer 201 with the same body.
const check = async () => {
  const a = await handlers.stack(newEvent(), fakeContext());
  const b = await handlers.bare(newEvent(), fakeContext());
  if (a.statusCode !== 201 || b.statusCode !== 201 || a.body !== b.body) {
    throw new Error(`stack and bare disagree: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  return { stackResponse: a, bareResponse: b };
};

const timeBlock = async (fn: Handler, into: Float64Array | undefined, offset: number, count: number) => {
  for (let i = 0; i < count; i++) {
    const event = newEvent();
    const context = fakeContext();
    const t0 = process.hrtime.bigint();
    await fn(event, context);
    const dt = process.hrtime.bigint() - t0;
    if (into) into[offset + i] = Number(dt);
  }
};

const samples = { stack: new Float64Array(iterations), bare: new Float64Array(iterations) };
const BLOCK = 250;

const main = async () => {
  const responses = await check();
  // Warm-up, interleaved like the measurement so both paths get optimised under the same conditions.
  for (let done = 0; done < warmup; done += BLOCK) {
    const n = Math.min(BLOCK, warmup - done);
    await timeBlock(handlers.stack, undefined, 0, n);
    await timeBlock(handlers.bare, undefined, 0, n);
  }
  // Measurement: alternating blocks, alternating which side goes first.
  for (let done = 0, block = 0; done < iterations; done += BLOCK, block++) {
    const n = Math.min(BLOCK, iterations - done);
    const sides = block % 2 === 0 ? (['stack', 'bare'] as const) : (['bare', 'stack'] as const);
    for (const side of sides) await timeBlock(handlers[side], samples[side], done, n);
  }
  writeFileSync(
    outFile,
    JSON.stringify({
      iterations,
      warmup,
      unit: 'ns',
      stack: Array.from(samples.stack),
      bare: Array.from(samples.bare),
      stackResponseHeaders: Object.keys(responses.stackResponse.headers ?? {}),
      node: process.version,
    }),
  );
};

await main();
