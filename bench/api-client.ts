/** What the benches that drive a running `npm start` need of its HTTP API: JSON in, status and JSON body out. */
export type ApiCall = <T>(path: string, init?: RequestInit & { token?: string }) => Promise<{ status: number; body: T }>;

export const apiClient =
  (base: string): ApiCall =>
  async <T>(path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.body) headers.set('content-type', 'application/json');
    const response = await fetch(`${base}${path}`, { ...init, headers });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
