// The payment provider, emulated over a real socket so retries, timeouts and the breaker meet real failures.
//
// Contract (see shared/API.md, "Offline extras"):
//   POST /charges  { orderId, amount: { amount, currency }, idempotencyKey }  (key also accepted as `Idempotency-Key`)
//                  → 201 { chargeId, status: 'captured' | 'declined', orderId, amount, declineCode? }
//   POST /refunds  { chargeId, idempotencyKey } → 201 { refundId, chargeId, status: 'refunded' }
//   GET  /charges?orderId=<id>&idempotencyKey=<key> → 200 { data: [charge, ...] } every charge ever made for that order
//                  with that key, oldest first (the lookup; subject to the same faults as the other provider routes)
//   GET/PUT /_settings { keyRetentionSeconds } → 200 the settings
//   PUT  /_faults  { failureRate, timeoutRate, latencyMs, down, lostResponseRate? } (each optional) → 200 the faults
//   GET  /_faults, GET /_charges (every charge and refund), GET /_stats, POST /_reset, GET /health
//
// Decline rule: a charge whose amount ends in 13 minor units (amount % 100 === 13, e.g. 10.13 EUR) is declined
// with declineCode `card_declined`. Declines are definitive: the same key returns the same decline.
//
// Failure semantics: injected failures (down, timeout, 503) are decided BEFORE the ledger is touched, so a failed
// request never charges. `lostResponseRate` models the other case: the charge is recorded, then the connection is
// dropped without a response; a retry with the same idempotency key returns that first charge. A key is bound to its
// request: reusing it with a different orderId/amount (or chargeId) is 409 `idempotency_key_reused`.
//
// Key window: like a real provider, the emulator remembers a charge's idempotency key for `keyRetentionSeconds` only
// (default 86,400 s = 24 h; PAYMENT_PROVIDER_KEY_RETENTION_SECONDS under `npm start`). After that the same key
// charges again, so a message redriven later than that must look the charge up first (GET /charges). The charges
// themselves, and the key they were made with, are kept for good.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';

export const faultsSchema = z.strictObject({
  failureRate: z.number().min(0).max(1).optional(),
  timeoutRate: z.number().min(0).max(1).optional(),
  lostResponseRate: z.number().min(0).max(1).optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  down: z.boolean().optional(),
});
export type Faults = Required<z.infer<typeof faultsSchema>>;
const noFaults: Faults = { failureRate: 0, timeoutRate: 0, lostResponseRate: 0, latencyMs: 0, down: false };

const moneySchema = z.strictObject({ amount: z.number().int().min(0).max(1_000_000_000), currency: z.string().regex(/^[A-Z]{3}$/) });
const keySchema = z.string().min(1).max(255);
const chargeSchema = z.object({ orderId: z.string().min(1).max(200), amount: moneySchema, idempotencyKey: keySchema });
const refundSchema = z.object({ chargeId: z.string().min(1).max(200), idempotencyKey: keySchema });
const lookupSchema = z.object({ orderId: z.string().min(1).max(200), idempotencyKey: keySchema });
export const settingsSchema = z.strictObject({ keyRetentionSeconds: z.number().int().min(1).max(31_536_000).optional() });
export type Settings = Required<z.infer<typeof settingsSchema>>;

export interface Charge {
  chargeId: string;
  status: 'captured' | 'declined';
  orderId: string;
  amount: z.infer<typeof moneySchema>;
  declineCode?: string;
  idempotencyKey: string;
  createdAt: string;
}
export interface Refund {
  refundId: string;
  chargeId: string;
  status: 'refunded';
  idempotencyKey: string;
  createdAt: string;
}

export interface PaymentProviderEmulatorOptions {
  port: number;
  host?: string;
  log?: (message: string) => void;
  /** How long a "timed out" request hangs before its socket is dropped. */
  hangMs?: number;
  /** Source of the fault dice; tests pass a fixed sequence. */
  random?: () => number;
  faults?: Partial<Faults>;
  /** Business routes answer 401 unless the request carries `authorization: Bearer <apiKey>`, as the real provider does. */
  apiKey?: string;
  /** How long a charge's idempotency key is honoured; default 86,400 s (24 h). */
  keyRetentionSeconds?: number;
  /** The emulator's clock in epoch ms (the key window); tests pass one they move. */
  now?: () => number;
}

export interface PaymentProviderEmulator {
  url: string;
  /** Charge and refund requests received, including those refused or failed by injected faults. */
  requestCount(): number;
  charges(): { charges: Charge[]; refunds: Refund[] };
  setFaults(faults: Partial<Faults>): Faults;
  setSettings(settings: Partial<Settings>): Settings;
  stop(): Promise<void>;
}

class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The emulator's key when .env sets none (the value .env.example documents). Offline only: never a deployed secret. */
export const LOCAL_PAYMENT_PROVIDER_API_KEY = 'sk_local_emulator';

export const declines = (amount: { amount: number }): boolean => amount.amount % 100 === 13;

export const startPaymentProviderEmulator = async (options: PaymentProviderEmulatorOptions): Promise<PaymentProviderEmulator> => {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const random = options.random ?? Math.random;
  const hangMs = options.hangMs ?? 30_000;
  let faults: Faults = { ...noFaults, ...options.faults };
  let settings: Settings = { keyRetentionSeconds: options.keyRetentionSeconds ?? 86_400 };
  const now = options.now ?? Date.now;
  let requests = 0;
  const chargesByKey = new Map<string, Charge>();
  const chargesById = new Map<string, Charge>();
  const refundsByKey = new Map<string, Refund>();
  const refundsByCharge = new Map<string, Refund>();
  const timers = new Set<{ timer: NodeJS.Timeout; release: () => void }>();

  const wait = (ms: number, onElapsed: () => void = () => {}): Promise<void> =>
    new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          timers.delete(entry);
          onElapsed();
          resolve();
        }, ms),
        release: () => resolve(),
      };
      timers.add(entry);
    });
  const roll = (rate: number): boolean => rate > 0 && random() < rate;

  // No await between the lookup and the insert: Node runs this synchronously, so racing requests with one key
  // are serialised and only the first one charges.
  const charge = (body: z.infer<typeof chargeSchema>): Charge => {
    const remembered = chargesByKey.get(body.idempotencyKey);
    const existing = remembered && now() - Date.parse(remembered.createdAt) < settings.keyRetentionSeconds * 1000 ? remembered : undefined;
    if (existing) {
      const same =
        existing.orderId === body.orderId &&
        existing.amount.amount === body.amount.amount &&
        existing.amount.currency === body.amount.currency;
      if (!same) throw new HttpProblem(409, 'idempotency_key_reused', 'This idempotency key was used with a different request.');
      return existing;
    }
    const declined = declines(body.amount);
    const created: Charge = {
      chargeId: `ch_${randomUUID()}`,
      status: declined ? 'declined' : 'captured',
      orderId: body.orderId,
      amount: body.amount,
      ...(declined ? { declineCode: 'card_declined' } : {}),
      idempotencyKey: body.idempotencyKey,
      createdAt: new Date(now()).toISOString(),
    };
    chargesByKey.set(body.idempotencyKey, created);
    chargesById.set(created.chargeId, created);
    log(`charge ${created.status} ${created.chargeId} order=${created.orderId} ${created.amount.amount} ${created.amount.currency}`);
    return created;
  };

  const refund = (body: z.infer<typeof refundSchema>): Refund => {
    const existing = refundsByKey.get(body.idempotencyKey);
    if (existing) {
      if (existing.chargeId !== body.chargeId)
        throw new HttpProblem(409, 'idempotency_key_reused', 'This idempotency key was used with a different request.');
      return existing;
    }
    const target = chargesById.get(body.chargeId);
    if (!target) throw new HttpProblem(404, 'charge_not_found', 'No such charge.');
    if (target.status !== 'captured') throw new HttpProblem(409, 'charge_not_captured', 'Only a captured charge can be refunded.');
    if (refundsByCharge.has(body.chargeId)) throw new HttpProblem(409, 'charge_already_refunded', 'This charge was already refunded.');
    const created: Refund = {
      refundId: `re_${randomUUID()}`,
      chargeId: body.chargeId,
      status: 'refunded',
      idempotencyKey: body.idempotencyKey,
      createdAt: new Date(now()).toISOString(),
    };
    refundsByKey.set(body.idempotencyKey, created);
    refundsByCharge.set(body.chargeId, created);
    log(`refund ${created.refundId} of ${created.chargeId}`);
    return created;
  };

  /** The injected faults every provider route meets; true when the request was answered (or dropped) by one. */
  const injected = async (req: IncomingMessage): Promise<boolean> => {
    if (faults.latencyMs > 0) await wait(faults.latencyMs);
    if (faults.down) return (req.socket.destroy(), true);
    if (roll(faults.timeoutRate)) return (void wait(hangMs, () => req.socket.destroy()), true);
    if (roll(faults.failureRate)) throw new HttpProblem(503, 'service_unavailable', 'Injected transient failure; retry later.');
    return false;
  };

  const business = async (req: IncomingMessage, res: ServerResponse, route: 'charges' | 'refunds'): Promise<void> => {
    requests += 1;
    if (faults.down) return void req.socket.destroy();
    const raw = await readJson(req);
    const headerKey = req.headers['idempotency-key'];
    const withKey =
      typeof raw === 'object' && raw !== null && typeof headerKey === 'string' && !('idempotencyKey' in raw)
        ? { ...raw, idempotencyKey: headerKey }
        : raw;
    const body = parse(route === 'charges' ? chargeSchema : refundSchema, withKey);
    if (await injected(req)) return;
    const result = route === 'charges' ? charge(body as z.infer<typeof chargeSchema>) : refund(body as z.infer<typeof refundSchema>);
    if (roll(faults.lostResponseRate)) return void req.socket.destroy();
    send(res, 201, stripKey(result));
  };

  const lookup = async (req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> => {
    requests += 1;
    if (faults.down) return void req.socket.destroy();
    const { orderId, idempotencyKey } = parse(lookupSchema, Object.fromEntries(query));
    if (await injected(req)) return;
    const found = [...chargesById.values()].filter((made) => made.orderId === orderId && made.idempotencyKey === idempotencyKey);
    send(res, 200, { data: found.map(stripKey) });
  };

  const control = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    const route = `${req.method} ${path}`;
    if (route === 'GET /health') return (send(res, faults.down ? 503 : 200, { status: faults.down ? 'down' : 'ok' }), true);
    if (route === 'GET /_faults') return (send(res, 200, faults), true);
    if (route === 'PUT /_faults') return (send(res, 200, setFaults(parse(faultsSchema, await readJson(req)))), true);
    if (route === 'GET /_charges') return (send(res, 200, charges()), true);
    if (route === 'GET /_stats') return (send(res, 200, { requests }), true);
    if (route === 'GET /_settings') return (send(res, 200, settings), true);
    if (route === 'PUT /_settings') return (send(res, 200, setSettings(parse(settingsSchema, await readJson(req)))), true);
    if (route === 'POST /_reset') {
      faults = { ...noFaults };
      requests = 0;
      for (const map of [chargesByKey, chargesById, refundsByKey, refundsByCharge]) map.clear();
      return (send(res, 204), true);
    }
    return false;
  };

  const setFaults = (next: Partial<Faults>): Faults => {
    faults = { ...faults, ...next };
    log(`faults ${JSON.stringify(faults)}`);
    return faults;
  };
  const setSettings = (next: Partial<Settings>): Settings => {
    settings = { ...settings, ...next };
    log(`settings ${JSON.stringify(settings)}`);
    return settings;
  };
  const charges = () => ({ charges: [...chargesById.values()], refunds: [...refundsByCharge.values()] });

  const server = createServer((req, res) => {
    const { pathname: path, searchParams } = new URL(req.url ?? '/', 'http://emulator');
    const handle = async (): Promise<void> => {
      // Control routes (/_faults, /_charges, ...) and /health are the emulator's own; everything else is the provider's API.
      const providerRoute = !path.startsWith('/_') && path !== '/health';
      if (providerRoute && options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        return send(res, 401, { error: { code: 'unauthorized', message: 'Missing or wrong API key.' } });
      }
      if (req.method === 'POST' && path === '/charges') return business(req, res, 'charges');
      if (req.method === 'POST' && path === '/refunds') return business(req, res, 'refunds');
      if (req.method === 'GET' && path === '/charges') return lookup(req, res, searchParams);
      if (!(await control(req, res, path))) send(res, 404, { error: { code: 'not_found', message: `No route ${req.method} ${path}` } });
    };
    handle().catch((error: unknown) => {
      if (error instanceof HttpProblem)
        return send(
          res,
          error.status,
          { error: { code: error.code, message: error.message } },
          error.status === 503 ? { 'retry-after': '1' } : {},
        );
      log(`error: ${(error as Error).message}`);
      send(res, 500, { error: { code: 'internal', message: 'Emulator error.' } });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  log(`payment provider emulator on ${url}`);

  return {
    url,
    requestCount: () => requests,
    charges,
    setFaults,
    setSettings,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const entry of timers) {
          clearTimeout(entry.timer);
          entry.release();
        }
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

const stripKey = <T extends { idempotencyKey: string }>({ idempotencyKey: _key, ...rest }: T) => rest;

const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void => {
  if (res.headersSent || res.destroyed) return;
  if (body === undefined) return void res.writeHead(status, headers).end();
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};

const parse = <S extends z.ZodType>(schema: S, value: unknown): z.infer<S> => {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new HttpProblem(400, 'invalid_request', fields.join('; '));
};

const readJson = async (req: IncomingMessage): Promise<unknown> => {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 65_536) throw new HttpProblem(413, 'too_large', 'Body over 64 KiB.');
  }
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'invalid_json', 'Body is not JSON.');
  }
};

// `node scripts/local/payment-provider.ts`: the emulator alone, on PAYMENT_PROVIDER_PORT (default 4010).
if (process.argv[1] && (await import('node:url')).fileURLToPath(import.meta.url) === (await import('node:path')).resolve(process.argv[1])) {
  const { loadLocalEnv, portFrom } = await import('./env.ts');
  const env = {
    ...loadLocalEnv(),
    ...(process.env.PAYMENT_PROVIDER_PORT ? { PAYMENT_PROVIDER_PORT: process.env.PAYMENT_PROVIDER_PORT } : {}),
  };
  const emulator = await startPaymentProviderEmulator({
    port: portFrom(env, 'PAYMENT_PROVIDER_PORT', 4010),
    apiKey: (env as Record<string, string | undefined>)['PAYMENT_PROVIDER_API_KEY'] || LOCAL_PAYMENT_PROVIDER_API_KEY,
    log: (line) => console.log(`[payments] ${line}`),
  });
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
