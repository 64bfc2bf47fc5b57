import { afterAll, beforeAll } from 'vitest';
import type { PaymentProvider } from '#shared/domain/payments/ports.ts';
import { describePaymentProviderContract } from '#shared/domain/payments/testing/payment-provider.contract.ts';
import { startPaymentProviderEmulator, type PaymentProviderEmulator } from '../../../scripts/local/payment-provider.ts';
import { createHttpPaymentProvider } from './http-payment-provider.ts';

// The provider emulator over a real socket, without faults: the rules the in-memory fake promises.
let emulator: PaymentProviderEmulator;
let provider: PaymentProvider;
beforeAll(async () => {
  emulator = await startPaymentProviderEmulator({ port: 0 });
  provider = createHttpPaymentProvider({
    baseUrl: emulator.url,
    apiKey: 'sk_test_secret',
    attemptTimeoutMs: 1_000,
    budgetMs: 5_000,
    maxAttempts: 3,
    backoff: { initialDelayMs: 10, maxDelayMs: 50 },
    breaker: { consecutiveFailures: 5, halfOpenAfterMs: 200 },
  });
});
afterAll(() => emulator.stop());

describePaymentProviderContract('the HTTP payment provider on the emulator', () => provider);
