import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChargeRequest } from '#shared/domain/payments/ports.ts';
import { startPaymentProviderEmulator, type PaymentProviderEmulator } from '../../../scripts/local/payment-provider.ts';
import { createHttpPaymentProvider } from './http-payment-provider.ts';

const API_KEY = 'sk_test_auth';
let emulator: PaymentProviderEmulator | undefined;
let redirector: Server | undefined;
afterEach(async () => {
  await emulator?.stop();
  await new Promise((resolve) => (redirector ? redirector.close(resolve) : resolve(undefined)));
  emulator = undefined;
  redirector = undefined;
});

const aCharge = (): ChargeRequest => ({ orderId: 'order-1', amount: { amount: 2500, currency: 'EUR' }, idempotencyKey: 'charge:order-1' });
const providerFor = (baseUrl: string, apiKey?: string | (() => Promise<string | undefined>)) =>
  createHttpPaymentProvider({ baseUrl, apiKey, attemptTimeoutMs: 5_000, budgetMs: 8_000, maxAttempts: 1, remainingTimeMs: () => 20_000 });

describe('HTTP payment provider credentials', () => {
  it('asks a secret source for the key on each call and is let in with it', async () => {
    // Prepare
    emulator = await startPaymentProviderEmulator({ port: 0, apiKey: API_KEY });
    let reads = 0;
    const provider = providerFor(emulator.url, async () => {
      reads += 1;
      return API_KEY;
    });

    // Act
    const first = await provider.charge(aCharge());
    const again = await provider.charge(aCharge());

    // Assess
    expect(first).toMatchObject({ outcome: 'captured' });
    expect(again).toEqual(first);
    expect(reads).toBe(2);
  });

  it.each([
    ['no key', undefined],
    ['a wrong key', 'sk_wrong'],
  ])('is refused by the emulator with %s, and nothing is charged', async (_case, apiKey) => {
    // Prepare
    emulator = await startPaymentProviderEmulator({ port: 0, apiKey: API_KEY });

    // Act
    const error = await providerFor(emulator.url, apiKey)
      .charge(aCharge())
      .then(
        () => undefined,
        (failure: unknown) => failure as Error,
      );

    // Assess
    expect(error?.message).toContain('401');
    expect(error?.message).not.toContain(API_KEY);
    expect(emulator.charges().charges).toEqual([]);
  });

  it('never follows a redirect, so the key and the charge cannot be sent elsewhere', async () => {
    // Prepare
    emulator = await startPaymentProviderEmulator({ port: 0, apiKey: API_KEY });
    const target = emulator.url;
    redirector = createServer((req, res) => res.writeHead(307, { location: `${target}${req.url}` }).end());
    await new Promise<void>((resolve) => redirector!.listen(0, '127.0.0.1', resolve));
    const { port } = redirector.address() as AddressInfo;

    // Act
    const error = await providerFor(`http://127.0.0.1:${port}`, API_KEY)
      .charge(aCharge())
      .then(
        () => undefined,
        (failure: unknown) => failure as Error,
      );

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(emulator.charges().charges).toEqual([]);
  });
});
