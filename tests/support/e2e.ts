import { inject } from 'vitest';
import { ulid } from 'ulid';
import { assertResponseMatchesSpec } from './openapi-responses.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Sent as is, for malformed-body tests. */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
  /**
   * Skip the check against docs/openapi.json. Only for requests that are outside the contract on purpose (say why at
   * the call site); every other response must have a declared status and a body that matches its schema.
   */
  unchecked?: boolean;
}

export const e2e = () => inject('e2e');

/**
 * One HTTP call to the offline API; JSON bodies are parsed, anything else is kept as text. The response is checked
 * against docs/openapi.json first: an undeclared status or a body that does not match fails the calling test.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const api = async <T = any>(
  path: string,
  { method = 'GET', body, rawBody, token, headers = {}, unchecked = false }: RequestOptions = {},
): Promise<ApiResponse<T>> => {
  const response = await fetch(`${e2e().baseUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!unchecked) assertResponseMatchesSpec({ method, url: path, status: response.status, headers: response.headers, text });
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
};

export const PASSWORD = 'A-Strong-Passw0rd!';

/** A fresh customer account, registered and signed in. */
export const newCustomer = async (overrides: Record<string, unknown> = {}) => {
  const email = `c-${ulid().toLowerCase()}@example.com`;
  const registered = await api('/auth/register', {
    method: 'POST',
    body: { email, password: PASSWORD, name: 'Test Customer', ...overrides },
  });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${registered.text}`);
  const login = await api('/auth/login', { method: 'POST', body: { email, password: PASSWORD } });
  // serverless offline answers a timed-out function with 200 and the error as body: a token proves the login.
  if (login.status !== 200 || typeof login.body?.accessToken !== 'string') throw new Error(`login failed: ${login.status} ${login.text}`);
  return {
    id: registered.body.id as string,
    email,
    token: login.body.accessToken as string,
    refreshToken: login.body.refreshToken as string,
  };
};

/** The seeded admin, signed in. */
export const adminToken = async (): Promise<string> => {
  const { accounts } = e2e();
  const login = await api('/auth/login', {
    method: 'POST',
    body: { email: accounts.SEED_ADMIN_EMAIL, password: accounts.SEED_ADMIN_PASSWORD },
  });
  if (login.status !== 200 || typeof login.body?.accessToken !== 'string')
    throw new Error(`admin login failed: ${login.status} ${login.text}`);
  return login.body.accessToken as string;
};

/** Polls until `probe` returns something truthy, or fails after `timeoutMs`. */
export const eventually = async <T>(probe: () => Promise<T | undefined | false>, timeoutMs = 15_000, intervalMs = 200): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};
