import { afterEach, describe, expect, it } from 'vitest';
import { startPaymentProviderEmulator, type PaymentProviderEmulator, type PaymentProviderEmulatorOptions } from './payment-provider.ts';

let emulator: PaymentProviderEmulator | undefined;
const start = async (options: Partial<PaymentProviderEmulatorOptions> = {}) => {
  emulator = await startPaymentProviderEmulator({ port: 0, ...options });
  return emulator;
};
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const put = (url: string, body: unknown) =>
  fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const aCharge = (overrides: Record<string, unknown> = {}) => ({
  orderId: 'order-1',
  amount: { amount: 2500, currency: 'EUR' },
  idempotencyKey: 'charge:order-1',
  ...overrides,
});

describe('payment provider emulator', () => {
  it.each([
    [2500, 'captured'],
    [1013, 'declined'],
    [13, 'declined'],
    [1014, 'captured'],
  ])('answers a charge of %i minor units with %s', async (amount, status) => {
    const { url } = await start();
    const response = await post(`${url}/charges`, aCharge({ amount: { amount, currency: 'EUR' } }));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ status, orderId: 'order-1', amount: { amount, currency: 'EUR' } });
  });

  it('charges once when requests with the same key race', async () => {
    const { url, charges } = await start({ faults: { latencyMs: 20 } });
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(`${url}/charges`, aCharge())));
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as { chargeId: string }[];
    expect(new Set(bodies.map((body) => body.chargeId)).size).toBe(1);
    expect(charges().charges).toHaveLength(1);
  });

  it('takes the idempotency key from the Idempotency-Key header', async () => {
    const { url } = await start();
    const { idempotencyKey: _omitted, ...body } = aCharge();
    const first = (await (await post(`${url}/charges`, body, { 'idempotency-key': 'k-1' })).json()) as { chargeId: string };
    const again = (await (await post(`${url}/charges`, body, { 'idempotency-key': 'k-1' })).json()) as { chargeId: string };
    expect(again.chargeId).toBe(first.chargeId);
  });

  describe('key window and lookup', () => {
    const clock = (start = Date.parse('2026-12-01T00:00:00Z')) => {
      let at = start;
      return { now: () => at, advance: (seconds: number) => void (at += seconds * 1000) };
    };
    const lookup = async (url: string, orderId = 'order-1', idempotencyKey = 'charge:order-1') => {
      const response = await fetch(`${url}/charges?${new URLSearchParams({ orderId, idempotencyKey })}`);
      return { status: response.status, body: (await response.json()) as { data: Array<{ chargeId: string; status: string }> } };
    };

    it('honours a key within its retention and charges again after it, as a real provider does', async () => {
      const time = clock();
      const { url, charges } = await start({ keyRetentionSeconds: 60, now: time.now });
      const first = (await (await post(`${url}/charges`, aCharge())).json()) as { chargeId: string };
      time.advance(59);
      const within = (await (await post(`${url}/charges`, aCharge())).json()) as { chargeId: string };
      time.advance(2);
      const after = (await (await post(`${url}/charges`, aCharge())).json()) as { chargeId: string };

      expect(within.chargeId).toBe(first.chargeId);
      expect(after.chargeId).not.toBe(first.chargeId);
      expect(charges().charges.filter((charge) => charge.status === 'captured')).toHaveLength(2);
    });

    it('finds every charge made for an order with a key, however old, and none for another key', async () => {
      const time = clock();
      const { url } = await start({ keyRetentionSeconds: 60, now: time.now });
      const first = (await (await post(`${url}/charges`, aCharge())).json()) as { chargeId: string };
      time.advance(14 * 86_400);

      const found = await lookup(url);
      expect(found).toEqual({ status: 200, body: { data: [expect.objectContaining({ chargeId: first.chargeId, status: 'captured' })] } });
      expect(found.body.data[0]).not.toHaveProperty('idempotencyKey');
      expect((await lookup(url, 'order-1', 'charge:other')).body).toEqual({ data: [] });
      expect((await lookup(url, 'order-2')).body).toEqual({ data: [] });
    });

    it('answers a lookup with 400 without both order and key, and drops it while down', async () => {
      const { url, setFaults } = await start();
      expect((await fetch(`${url}/charges?orderId=order-1`)).status).toBe(400);
      setFaults({ down: true });
      await expect(fetch(`${url}/charges?${new URLSearchParams({ orderId: 'o', idempotencyKey: 'k' })}`)).rejects.toThrow();
    });

    it('changes the retention through PUT /_settings', async () => {
      const { url } = await start();
      expect(await (await fetch(`${url}/_settings`)).json()).toEqual({ keyRetentionSeconds: 86_400 });
      const response = await put(`${url}/_settings`, { keyRetentionSeconds: 5 });
      expect(await response.json()).toEqual({ keyRetentionSeconds: 5 });
      expect((await put(`${url}/_settings`, { keyRetentionSeconds: 0 })).status).toBe(400);
    });
  });

  it('refuses a key reused for a different amount with 409', async () => {
    const { url } = await start();
    await post(`${url}/charges`, aCharge());
    const response = await post(`${url}/charges`, aCharge({ amount: { amount: 9999, currency: 'EUR' } }));
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'idempotency_key_reused' } });
  });

  it('refunds a captured charge once per key and once per charge', async () => {
    const { url, charges } = await start();
    const { chargeId } = (await (await post(`${url}/charges`, aCharge())).json()) as { chargeId: string };
    const first = await post(`${url}/refunds`, { chargeId, idempotencyKey: 'refund:order-1' });
    const repeat = await post(`${url}/refunds`, { chargeId, idempotencyKey: 'refund:order-1' });
    const otherKey = await post(`${url}/refunds`, { chargeId, idempotencyKey: 'refund:other' });
    const unknown = await post(`${url}/refunds`, { chargeId: 'ch_nope', idempotencyKey: 'refund:nope' });
    expect([first.status, repeat.status, otherKey.status, unknown.status]).toEqual([201, 201, 409, 404]);
    expect(await repeat.json()).toEqual(await first.json());
    expect(charges().refunds).toHaveLength(1);
  });

  it.each([[{ failureRate: 2 }], [{ timeoutRate: -0.1 }], [{ latencyMs: 'slow' }], [{ down: 'yes' }], [{ explode: true }]])(
    'rejects faults %j with 400',
    async (faults) => {
      const { url } = await start();
      const response = await put(`${url}/_faults`, faults);
      expect(response.status).toBe(400);
      expect(await (await fetch(`${url}/_faults`)).json()).toMatchObject({ failureRate: 0, down: false });
    },
  );

  it('stores valid faults and returns them from GET /_faults', async () => {
    const { url } = await start();
    expect((await put(`${url}/_faults`, { failureRate: 0.5, latencyMs: 10 })).status).toBe(200);
    expect(await (await fetch(`${url}/_faults`)).json()).toEqual({
      failureRate: 0.5,
      timeoutRate: 0,
      lostResponseRate: 0,
      latencyMs: 10,
      down: false,
    });
  });

  it('fails with 503 and records nothing when a failure is injected', async () => {
    const { url, charges } = await start({ faults: { failureRate: 1 } });
    const response = await post(`${url}/charges`, aCharge());
    expect(response.status).toBe(503);
    expect(charges().charges).toHaveLength(0);
  });

  it('drops the connection when down, and reports it on /health', async () => {
    const { url, requestCount } = await start({ faults: { down: true } });
    await expect(post(`${url}/charges`, aCharge())).rejects.toThrow();
    expect((await fetch(`${url}/health`)).status).toBe(503);
    expect(requestCount()).toBe(1);
  });

  it('records the charge but loses the response, and the retry with the key returns that charge', async () => {
    const { url, charges, setFaults } = await start({ faults: { lostResponseRate: 1 } });
    await expect(post(`${url}/charges`, aCharge())).rejects.toThrow();
    setFaults({ lostResponseRate: 0 });
    const retried = (await (await post(`${url}/charges`, aCharge())).json()) as { chargeId: string };
    expect(charges().charges.map((charge) => charge.chargeId)).toEqual([retried.chargeId]);
  });

  it('hangs a timed-out request until stop() releases it', async () => {
    const server = await start({ faults: { timeoutRate: 1 }, hangMs: 60_000 });
    const pending = post(`${server.url}/charges`, aCharge()).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stoppedAt = performance.now();
    await server.stop();
    expect(await pending).toBe('dropped');
    expect(performance.now() - stoppedAt).toBeLessThan(1_000);
    expect(server.charges().charges).toHaveLength(0);
  });
});

describe('payment provider emulator with an API key', () => {
  it.each([
    ['no authorization header', {}, 401],
    ['a wrong key', { authorization: 'Bearer sk_wrong' }, 401],
    ['a key without the Bearer scheme', { authorization: 'sk_local' }, 401],
    ['the key', { authorization: 'Bearer sk_local' }, 201],
  ])('answers a charge with %s: %i', async (_case, headers, status) => {
    const { url, charges } = await start({ apiKey: 'sk_local' });
    const response = await post(`${url}/charges`, aCharge(), headers);
    expect(response.status).toBe(status);
    expect(charges().charges).toHaveLength(status === 201 ? 1 : 0);
  });

  it('keeps its own control routes open (they are the emulator, not the provider)', async () => {
    const { url } = await start({ apiKey: 'sk_local' });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await put(`${url}/_faults`, { latencyMs: 0 })).status).toBe(200);
  });
});
