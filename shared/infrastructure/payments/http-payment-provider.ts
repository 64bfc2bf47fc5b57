import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ExponentialBackoff, handleWhen, isBrokenCircuitError, retry } from 'cockatiel';
import * as z from '#shared/zod.ts';
import { UnavailableError } from '#shared/domain/errors.ts';
import {
  PaymentProviderRejectedError,
  type ChargeLookup,
  type ChargeRequest,
  type ChargeResult,
  type PaymentProvider,
  type RefundRequest,
  type RefundResult,
} from '#shared/domain/payments/ports.ts';
import { logger, metrics } from '#shared/observability/index.ts';
import { cappedBackoff, circuitStateName, createProviderBreaker, type BreakerOptions, type CircuitStateName } from './provider-breaker.ts';

export interface HttpPaymentProviderOptions {
  /** e.g. PAYMENT_PROVIDER_URL; offline the emulator, http://127.0.0.1:4010. */
  baseUrl: string;
  /** Sent as a bearer token; never logged or put into errors. A function is asked before each attempt (a cached secret). */
  apiKey?: string | (() => Promise<string | undefined>);
  /** Longest single attempt (PAYMENT_PROVIDER_TIMEOUT_MS). Default 2000. */
  attemptTimeoutMs?: number;
  /** Longest a whole call may take, retries and backoff included. Default 8000. */
  budgetMs?: number;
  /** Kept free of the caller's remaining time, for recording the outcome after the call. Default 1000. */
  reserveMs?: number;
  /** An attempt is not started with less time than this left. Default 100. */
  minAttemptMs?: number;
  /** Attempts per call, the first one included. Default 3. */
  maxAttempts?: number;
  /** Jittered exponential backoff between attempts (decorrelated jitter). Defaults 100 and 1000. */
  backoff?: { initialDelayMs?: number; maxDelayMs?: number };
  /** Defaults: 5 failed calls in a row open it for 10 s. */
  breaker?: Partial<BreakerOptions>;
  /** The caller's remaining milliseconds, when the same one applies to every call; see also `withDeadline`. */
  remainingTimeMs?: () => number;
  fetch?: typeof fetch;
}

export interface HttpPaymentProvider extends PaymentProvider {
  /** The same provider (and breaker), with calls bounded by this invocation's remaining time. */
  withDeadline(remainingTimeMs: () => number): PaymentProvider;
  circuitState(): CircuitStateName;
}

/** Network errors, timeouts, 5xx, 429, garbled 2xx: worth another attempt with the same idempotency key. */
class TransientProviderError extends Error {
  override readonly name = 'TransientProviderError';
}

/**
 * Limits on what the provider may send us (issue 11): a body larger than this is not read, ids are short opaque
 * tokens, and a decline code is kept only when it looks like one. Everything stored from a response fits a PAYMENT
 * item many times over, so a hostile or broken provider can never make the outcome's write fail on every delivery.
 */
export const PROVIDER_LIMITS = { bodyBytes: 16_384, idChars: 128, declineCodeChars: 64 } as const;
const providerId = z.string().check(z.minLength(1), z.maxLength(PROVIDER_LIMITS.idChars), z.regex(/^[\w.:-]+$/));
const declineCode = new RegExp(`^[a-z0-9_.-]{1,${PROVIDER_LIMITS.declineCodeChars}}$`, 'i');
/** The provider's decline code when it is a short token; anything else (huge, control characters) is just `declined`. */
export const boundedDeclineCode = (code: unknown): string => (typeof code === 'string' && declineCode.test(code) ? code : 'declined');

const chargeResponse = z.object({
  chargeId: providerId,
  status: z.enum(['captured', 'declined']),
  declineCode: z.optional(z.unknown()),
});
const refundResponse = z.object({ refundId: providerId, status: z.literal('refunded') });
/** One key charges one order once or, after its window, a few times: a longer list is not a lookup answer. */
const lookupResponse = z.object({ data: z.array(chargeResponse).check(z.maxLength(20)) });
const problemResponse = z.object({ error: z.object({ code: z.optional(z.string()), message: z.optional(z.string()) }) });

const isTransient = (error: unknown): boolean => error instanceof TransientProviderError;

/**
 * The PaymentProvider port over HTTP: a timeout per attempt inside a budget below the caller's deadline, retries on
 * transient failures only, and a circuit breaker around the whole call. Build it once per container.
 */
export const createHttpPaymentProvider = (options: HttpPaymentProviderOptions): HttpPaymentProvider => {
  const settings = {
    attemptTimeoutMs: options.attemptTimeoutMs ?? 2_000,
    budgetMs: options.budgetMs ?? 8_000,
    reserveMs: options.reserveMs ?? 1_000,
    minAttemptMs: options.minAttemptMs ?? 100,
    maxAttempts: options.maxAttempts ?? 3,
    initialDelayMs: options.backoff?.initialDelayMs ?? 100,
    maxDelayMs: options.backoff?.maxDelayMs ?? 1_000,
  };
  const breakerOptions: BreakerOptions = { consecutiveFailures: 5, halfOpenAfterMs: 10_000, ...options.breaker };
  const breaker = createProviderBreaker('payment-provider', breakerOptions, isTransient);
  const fetchFn = options.fetch ?? fetch;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  /** One HTTP attempt: a POST of `body` under the idempotency key `key`, or a GET when there is no body. */
  const attempt = async (
    operation: string,
    path: string,
    body: Record<string, unknown> | undefined,
    key: string,
    timeoutMs: number,
  ): Promise<unknown> => {
    let response: Response;
    let text: string;
    try {
      const apiKey = typeof options.apiKey === 'function' ? await options.apiKey() : options.apiKey;
      response = await fetchFn(`${baseUrl}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: {
          ...(body ? { 'content-type': 'application/json', 'idempotency-key': key } : {}),
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        // A redirect would carry the key and the charge elsewhere: refused, as a network error.
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await boundedText(response, PROVIDER_LIMITS.bodyBytes);
    } catch (error) {
      if (error instanceof TransientProviderError) throw error;
      const what = (error as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : `network error (${networkCode(error)})`;
      throw new TransientProviderError(`${operation}: ${what}`, { cause: error });
    }
    if (response.status >= 500 || response.status === 429) throw new TransientProviderError(`${operation}: HTTP ${response.status}`);
    if (response.status >= 400) throw rejected(operation, response.status, text);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new TransientProviderError(`${operation}: HTTP ${response.status} with a body that is not JSON`, { cause: error });
    }
  };

  const call = async <T>(
    operation: string,
    path: string,
    body: Record<string, unknown> | undefined,
    key: string,
    schema: z.ZodMiniType<T>,
    remaining?: () => number,
  ): Promise<T> => {
    const deadline = remaining ?? options.remainingTimeMs;
    const budgetMs = Math.min(settings.budgetMs, deadline ? deadline() - settings.reserveMs : Infinity);
    if (budgetMs < settings.minAttemptMs)
      throw new UnavailableError(`Payment provider ${operation} skipped: no time left before the deadline`);
    const endsAt = performance.now() + budgetMs;
    const left = () => endsAt - performance.now();
    const retries = retry(
      handleWhen((error) => isTransient(error) && left() >= settings.minAttemptMs),
      {
        maxAttempts: settings.maxAttempts - 1,
        backoff: cappedBackoff(
          new ExponentialBackoff({ initialDelay: settings.initialDelayMs, maxDelay: settings.maxDelayMs }),
          () => left() - settings.minAttemptMs,
        ),
      },
    );
    retries.onRetry(({ attempt: number, delay }) => {
      logger.info('payment provider attempt failed; retrying', { operation, attempt: number, delayMs: Math.round(delay) });
      metrics.addMetric('PaymentProviderRetries', MetricUnit.Count, 1);
    });
    try {
      const json = await breaker.execute(() =>
        // AbortSignal.timeout takes whole milliseconds only: a fraction throws before the request is sent.
        retries.execute(() => attempt(operation, path, body, key, Math.floor(Math.min(settings.attemptTimeoutMs, left())))),
      );
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new UnavailableError(`Payment provider ${operation}: unexpected response shape`);
      return parsed.data;
    } catch (error) {
      if (isBrokenCircuitError(error)) {
        metrics.addMetric('PaymentProviderFastFailures', MetricUnit.Count, 1);
        throw new UnavailableError(`Payment provider ${operation} not attempted: circuit open`, {
          cause: error,
          retryAfterSeconds: Math.ceil(breakerOptions.halfOpenAfterMs / 1000),
        });
      }
      if (isTransient(error)) throw new UnavailableError(`Payment provider unavailable: ${(error as Error).message}`, { cause: error });
      throw error;
    }
  };

  const provider = (remaining?: () => number): PaymentProvider => ({
    async charge({ orderId, amount, idempotencyKey }: ChargeRequest): Promise<ChargeResult> {
      const body = { orderId, amount: { amount: amount.amount, currency: amount.currency }, idempotencyKey };
      const result = await call('charge', '/charges', body, idempotencyKey, chargeResponse, remaining);
      return result.status === 'captured'
        ? { outcome: 'captured', chargeId: result.chargeId }
        : { outcome: 'declined', reason: boundedDeclineCode(result.declineCode) };
    },
    async findCharge({ orderId, idempotencyKey }: ChargeLookup): Promise<ChargeResult | undefined> {
      const query = new URLSearchParams({ orderId, idempotencyKey });
      const { data } = await call('lookup', `/charges?${query}`, undefined, idempotencyKey, lookupResponse, remaining);
      const found = data.find((charge) => charge.status === 'captured') ?? data[0];
      if (!found) return undefined;
      return found.status === 'captured'
        ? { outcome: 'captured', chargeId: found.chargeId }
        : { outcome: 'declined', reason: boundedDeclineCode(found.declineCode) };
    },
    async refund({ chargeId, idempotencyKey }: RefundRequest): Promise<RefundResult> {
      const result = await call('refund', '/refunds', { chargeId, idempotencyKey }, idempotencyKey, refundResponse, remaining);
      return { outcome: 'refunded', refundId: result.refundId };
    },
  });

  return { ...provider(), withDeadline: provider, circuitState: () => circuitStateName(breaker.state) };
};

/** The provider's own code and message, shortened; never our request, which carries the key and the API key. */
const rejected = (operation: string, status: number, text: string): PaymentProviderRejectedError => {
  let problem: z.infer<typeof problemResponse>['error'] | undefined;
  try {
    problem = problemResponse.safeParse(JSON.parse(text)).data?.error;
  } catch {
    problem = undefined;
  }
  const code = problem?.code?.slice(0, PROVIDER_LIMITS.declineCodeChars);
  const detail = [code, problem?.message?.slice(0, 200)].filter(Boolean).join(': ') || 'no details';
  return new PaymentProviderRejectedError(`Payment provider rejected the ${operation} (HTTP ${status}): ${detail}`, {
    status,
    code,
  });
};

/** Reads at most `limit` bytes of the body; a longer one is a provider error (retried with the same key), never stored. */
const boundedText = async (response: Response, limit: number): Promise<string> => {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limit) {
    await response.body?.cancel();
    throw new TransientProviderError(`response of ${declared} bytes exceeds ${limit}`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new TransientProviderError(`response exceeds ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
};

const networkCode = (error: unknown): string => {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  return String(cause?.code ?? cause?.message ?? (error as Error).message ?? 'unknown').slice(0, 100);
};
