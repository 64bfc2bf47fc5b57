import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UnavailableError } from '#shared/domain/errors.ts';
import { PaymentProviderRejectedError, type ChargeRequest } from '#shared/domain/payments/ports.ts';
import { logger, metrics } from '#shared/observability/index.ts';
import {
  startPaymentProviderEmulator,
  type PaymentProviderEmulator,
  type PaymentProviderEmulatorOptions,
} from '../../../scripts/local/payment-provider.ts';
import { createHttpPaymentProvider, PROVIDER_LIMITS, type HttpPaymentProviderOptions } from './http-payment-provider.ts';

let emulator: PaymentProviderEmulator | undefined;
let warn: ReturnType<typeof vi.fn<(...args: unknown[]) => void>>;
beforeEach(() => {
  warn = vi.fn();
  vi.spyOn(logger, 'warn').mockImplementation(warn);
});
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
  vi.restoreAllMocks();
});

/** Fault dice that roll these values in order, then never fail again. */
const dice =
  (...rolls: number[]) =>
  () =>
    rolls.shift() ?? 0.99;

const setUp = async (
  emulatorOptions: Partial<PaymentProviderEmulatorOptions> = {},
  providerOptions: Partial<HttpPaymentProviderOptions> = {},
) => {
  emulator = await startPaymentProviderEmulator({ port: 0, ...emulatorOptions });
  const provider = createHttpPaymentProvider({
    baseUrl: emulator.url,
    apiKey: 'sk_test_secret',
    attemptTimeoutMs: 300,
    budgetMs: 3_000,
    maxAttempts: 3,
    backoff: { initialDelayMs: 10, maxDelayMs: 50 },
    breaker: { consecutiveFailures: 3, halfOpenAfterMs: 200 },
    ...providerOptions,
  });
  return { emulator, provider };
};

const aCharge = (overrides: Partial<ChargeRequest> = {}): ChargeRequest => ({
  orderId: 'order-1',
  amount: { amount: 2500, currency: 'EUR' },
  idempotencyKey: 'charge:order-1',
  ...overrides,
});
const elapsed = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work().catch(() => {});
  return performance.now() - started;
};

describe('HTTP payment provider against the emulator', () => {
  it('captures a charge', async () => {
    const { provider, emulator } = await setUp();
    const result = await provider.charge(aCharge());
    expect(result).toEqual({ outcome: 'captured', chargeId: expect.stringMatching(/^ch_/) });
    expect(emulator.charges().charges).toHaveLength(1);
  });

  it('returns a decline as a result, not an error', async () => {
    const { provider } = await setUp();
    expect(await provider.charge(aCharge({ amount: { amount: 1013, currency: 'EUR' } }))).toEqual({
      outcome: 'declined',
      reason: 'card_declined',
    });
  });

  it('returns the first charge for a repeated idempotency key', async () => {
    const { provider, emulator } = await setUp();
    const first = await provider.charge(aCharge());
    const again = await provider.charge(aCharge());
    expect(again).toEqual(first);
    expect(emulator.charges().charges).toHaveLength(1);
  });

  it('refunds a captured charge', async () => {
    const { provider } = await setUp();
    const charged = await provider.charge(aCharge());
    if (charged.outcome !== 'captured') throw new Error('expected a capture');
    expect(await provider.refund({ chargeId: charged.chargeId, idempotencyKey: 'refund:order-1' })).toEqual({
      outcome: 'refunded',
      refundId: expect.stringMatching(/^re_/),
    });
  });

  it('retries 503s and then succeeds, charging once', async () => {
    const { provider, emulator } = await setUp({ faults: { failureRate: 0.5 }, random: dice(0.1, 0.1) });
    expect(await provider.charge(aCharge())).toMatchObject({ outcome: 'captured' });
    expect(emulator.requestCount()).toBe(3);
    expect(emulator.charges().charges).toHaveLength(1);
  });

  it('retries a timed-out attempt and then succeeds', async () => {
    const { provider, emulator } = await setUp({ faults: { timeoutRate: 0.5 }, random: dice(0.1) });
    const took = await elapsed(async () => expect(await provider.charge(aCharge())).toMatchObject({ outcome: 'captured' }));
    expect(took).toBeGreaterThanOrEqual(290);
    expect(emulator.requestCount()).toBe(2);
  });

  it('gives up with UnavailableError within its budget when every attempt times out', async () => {
    const { provider } = await setUp({ faults: { timeoutRate: 1 } }, { budgetMs: 700, maxAttempts: 10 });
    const took = await elapsed(() => expect(provider.charge(aCharge())).rejects.toThrow(UnavailableError));
    expect(took).toBeLessThan(1_000); // budget 700 ms; 10 attempts of 300 ms would take 3 s
  });

  it('keeps the call inside the caller deadline minus the reserve', async () => {
    const { provider, emulator } = await setUp({ faults: { timeoutRate: 1 } }, { reserveMs: 1_000, maxAttempts: 10 });
    const took = await elapsed(() => expect(provider.withDeadline(() => 1_400).charge(aCharge())).rejects.toThrow(UnavailableError));
    expect(took).toBeLessThan(700); // 1400 - 1000 reserve = 400 ms budget
    await expect(provider.withDeadline(() => 1_050).charge(aCharge())).rejects.toThrow(/no time left/);
    expect(emulator.requestCount()).toBeLessThanOrEqual(2);
  });

  it('charges when the time left is a fraction of a millisecond over a whole number (a Lambda deadline)', async () => {
    const { provider, emulator } = await setUp({}, { reserveMs: 1_000, attemptTimeoutMs: 2_000 });
    const result = await provider.withDeadline(() => 1_250.5).charge(aCharge());
    expect(result).toEqual({ outcome: 'captured', chargeId: expect.any(String) });
    expect(emulator.requestCount()).toBe(1);
  });

  it('charges exactly once when a response is lost and the attempt is retried', async () => {
    const { provider, emulator } = await setUp({ faults: { lostResponseRate: 0.5 }, random: dice(0.1) });
    const result = await provider.charge(aCharge());
    expect(emulator.requestCount()).toBe(2);
    expect(emulator.charges().charges.map((charge) => charge.chargeId)).toEqual([result.outcome === 'captured' ? result.chargeId : '']);
  });

  it('does not retry a 4xx and reports it without secrets', async () => {
    const { provider, emulator } = await setUp();
    await provider.charge(aCharge());
    const error = await provider.charge(aCharge({ amount: { amount: 1, currency: 'EUR' } })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PaymentProviderRejectedError);
    expect(error).not.toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ status: 409, code: 'idempotency_key_reused', kind: 'unprocessable' });
    expect(String((error as Error).message)).not.toContain('sk_test_secret');
    expect(emulator.requestCount()).toBe(2);
  });

  it('opens the breaker after consecutive failures and then fails fast without calling the provider', async () => {
    const addMetric = vi.spyOn(metrics, 'addMetric');
    const { provider, emulator } = await setUp(
      { faults: { down: true } },
      { maxAttempts: 2, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 60_000 } },
    );
    for (let call = 0; call < 3; call += 1) await expect(provider.charge(aCharge())).rejects.toThrow(UnavailableError);
    expect(emulator.requestCount()).toBe(6);
    expect(provider.circuitState()).toBe('open');

    const took = await elapsed(() => expect(provider.charge(aCharge())).rejects.toThrow(/circuit open/));
    expect(emulator.requestCount()).toBe(6);
    expect(took).toBeLessThan(50); // no socket: about 0.02 ms at p50
    expect(addMetric).toHaveBeenCalledWith('BreakerOpened', 'Count', 1);
    expect(warn).toHaveBeenCalledWith(
      'circuit opened',
      expect.objectContaining({ circuit: 'payment-provider', cause: expect.stringContaining('network error') }),
    );
  });

  it('closes again through half-open once the provider is back', async () => {
    const addMetric = vi.spyOn(metrics, 'addMetric');
    const { provider, emulator } = await setUp(
      { faults: { down: true } },
      { maxAttempts: 1, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 150 } },
    );
    for (let call = 0; call < 2; call += 1) await expect(provider.charge(aCharge())).rejects.toThrow(UnavailableError);
    expect(provider.circuitState()).toBe('open');

    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(provider.charge(aCharge())).rejects.toThrow(UnavailableError);
    expect(provider.circuitState()).toBe('open');

    emulator.setFaults({ down: false });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await provider.charge(aCharge())).toMatchObject({ outcome: 'captured' });
    expect(provider.circuitState()).toBe('closed');
    expect(addMetric.mock.calls.map(([name]) => name)).toEqual([
      'BreakerOpened',
      'BreakerHalfOpened',
      'BreakerOpened',
      'BreakerHalfOpened',
      'BreakerClosed',
    ]);
  });

  it('does not count declines or 4xx towards opening the breaker', async () => {
    const { provider } = await setUp({}, { breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } });
    for (let call = 0; call < 3; call += 1)
      await provider.charge(aCharge({ idempotencyKey: `k${call}`, amount: { amount: 1013, currency: 'EUR' } }));
    for (let call = 0; call < 3; call += 1) await provider.refund({ chargeId: 'ch_missing', idempotencyKey: `r${call}` }).catch(() => {});
    expect(provider.circuitState()).toBe('closed');
  });
});

describe('HTTP payment provider: bounded input', () => {
  const answering = (status: number, body: string) =>
    createHttpPaymentProvider({
      baseUrl: 'http://provider.test',
      attemptTimeoutMs: 300,
      budgetMs: 1_000,
      maxAttempts: 1,
      fetch: async () => new Response(body, { status, headers: { 'content-type': 'application/json' } }),
    });

  it.each([
    ['a 400 KB decline code', 'x'.repeat(400_000)],
    ['a decline code with control characters', 'bad\ncode'],
    ['a decline code that is not a string', { nested: true }],
  ])('records %s as plain "declined", never the provider text', async (_label, code) => {
    const body = JSON.stringify({ chargeId: 'ch_1', status: 'declined', declineCode: code });
    const provider = answering(200, body);

    const result = await provider.charge(aCharge()).catch((error: unknown) => error);

    if (body.length > PROVIDER_LIMITS.bodyBytes) expect(result).toBeInstanceOf(UnavailableError);
    else expect(result).toEqual({ outcome: 'declined', reason: 'declined' });
  });

  it('keeps a short decline code as it is', async () => {
    const provider = answering(200, JSON.stringify({ chargeId: 'ch_1', status: 'declined', declineCode: 'insufficient_funds' }));

    expect(await provider.charge(aCharge())).toEqual({ outcome: 'declined', reason: 'insufficient_funds' });
  });

  it.each([
    ['a body over 16 KiB', 200, JSON.stringify({ chargeId: 'ch_1', status: 'captured', pad: 'x'.repeat(20_000) })],
    ['a charge id of 1,000 characters', 200, JSON.stringify({ chargeId: 'c'.repeat(1_000), status: 'captured' })],
    ['a charge id with spaces', 200, JSON.stringify({ chargeId: 'ch 1', status: 'captured' })],
  ])('treats %s as a provider error (retried with the same key), never as a capture to store', async (_label, status, body) => {
    const provider = answering(status, body);

    await expect(provider.charge(aCharge())).rejects.toThrow(UnavailableError);
  });

  it('shortens a rejection code from the provider', async () => {
    const provider = answering(400, JSON.stringify({ error: { code: 'E'.repeat(5_000), message: 'm'.repeat(5_000) } }));

    const error = (await provider.charge(aCharge()).catch((caught: unknown) => caught)) as PaymentProviderRejectedError;

    expect(error).toBeInstanceOf(PaymentProviderRejectedError);
    expect(error.code).toHaveLength(PROVIDER_LIMITS.declineCodeChars);
    expect(error.message.length).toBeLessThan(400);
  });
});
