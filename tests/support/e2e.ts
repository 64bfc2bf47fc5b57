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

/** One attempt's outcome: an HTTP answer, or no answer at all (timeout, reset). */
type Attempt = { response: ApiResponse; error?: undefined } | { response?: undefined; error: Error };

/**
 * Setup calls (register, log in) on a busy machine: a 5xx, a 429 or no answer in time says nothing about whether the
 * call took effect, so it is tried again (up to `attempts` times, waiting Retry-After or a short backoff) until an
 * answer says something definite; that answer is checked against docs/openapi.json and returned.
 */
export const settled = async (path: string, options: RequestOptions, what: string, attempts = 6): Promise<ApiResponse> => {
  const seen: string[] = [];
  for (let attempt = 1; ; attempt += 1) {
    const outcome: Attempt = await api(path, { ...options, unchecked: true }).then(
      (response) => ({ response }),
      (error: Error) => ({ error }),
    );
    const { response } = outcome;
    if (response && response.status < 500 && response.status !== 429) {
      assertResponseMatchesSpec({
        method: options.method ?? 'GET',
        url: path,
        status: response.status,
        headers: response.headers,
        text: response.text,
      });
      return response;
    }
    seen.push(response ? `${response.status} ${response.text.slice(0, 120)}` : `no answer (${outcome.error?.message})`);
    if (attempt >= attempts) throw new Error(`${what}: no definite answer after ${attempts} attempts: ${seen.join('; ')}`);
    const retryAfter = Number(response?.headers.get('retry-after'));
    const waitMs = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 10) * 1000 : 250 * 2 ** attempt;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
};

/** Signs in; a token in the body proves the login (offline once answered a timed-out function with 200 and the error). */
const logIn = async (email: string, password: string, what = 'login') => {
  const login = await settled('/auth/login', { method: 'POST', body: { email, password } }, what);
  if (login.status !== 200 || typeof login.body?.accessToken !== 'string') throw new Error(`${what} failed: ${login.status} ${login.text}`);
  return { token: login.body.accessToken as string, refreshToken: login.body.refreshToken as string };
};

/**
 * A fresh customer account, registered and signed in. A register that failed or timed out may still have created the
 * account, so it is tried again; a 409 then means "ours, created by an earlier attempt": the id comes from
 * GET /users/me after signing in.
 */
export const newCustomer = async (overrides: Record<string, unknown> = {}) => {
  const email = `c-${ulid().toLowerCase()}@example.com`;
  const registered = await settled(
    '/auth/register',
    { method: 'POST', body: { email, password: PASSWORD, name: 'Test Customer', ...overrides } },
    'register',
  );
  if (registered.status !== 201 && registered.status !== 409) throw new Error(`register failed: ${registered.status} ${registered.text}`);
  const { token, refreshToken } = await logIn(email, PASSWORD);
  const id =
    registered.status === 201
      ? (registered.body.id as string)
      : ((await settled('/users/me', { token }, 'GET /users/me after a repeated register')).body?.id as string | undefined);
  if (typeof id !== 'string') throw new Error(`no id for ${email}`);
  return { id, email, token, refreshToken };
};

/** The seeded admin, signed in. */
export const adminToken = async (): Promise<string> => {
  const { accounts } = e2e();
  return (await logIn(accounts.SEED_ADMIN_EMAIL, accounts.SEED_ADMIN_PASSWORD, 'admin login')).token;
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
