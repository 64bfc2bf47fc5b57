// `npm run watch -- --email <e> --password <p> [--api http://127.0.0.1:3000] [--all]`: signs in, gets a ticket,
// opens the WebSocket and prints every frame; reconnects with a fresh ticket when the connection drops.
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    password: { type: 'string' },
    api: { type: 'string', default: `http://127.0.0.1:${process.env.HTTP_PORT ?? 3000}` },
    all: { type: 'boolean', default: false },
  },
});
if (!values.email || !values.password) {
  console.error('usage: npm run watch -- --email <email> --password <password> [--api <url>] [--all]');
  process.exit(2);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const post = async (path: string, body: unknown, token?: string): Promise<any> => {
  const response = await fetch(new URL(path, values.api), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body ?? {}),
  });
  const json = (await response.json().catch(() => undefined)) as { detail?: string } | undefined;
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${json?.detail ?? ''}`);
  return json;
};

const stamp = () => new Date().toISOString().slice(11, 23);
const describe = (frame: Record<string, unknown>) =>
  frame.type === 'order.updated'
    ? `order ${frame.orderId} v${frame.version} ${frame.event} → ${frame.status} (payment ${frame.paymentStatus})`
    : JSON.stringify(frame);

const login = await post('/auth/login', { email: values.email, password: values.password });
let retryMs = 500;

const open = async (): Promise<void> => {
  const { url } = await post('/notifications/tickets', {}, login.accessToken);
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    retryMs = 500;
    console.log(`${stamp()} connected to ${new URL(url).origin} as ${values.email}`);
    if (values.all) socket.send(JSON.stringify({ action: 'subscribe', channel: 'orders:all' }));
  });
  socket.addEventListener('message', (message) => console.log(`${stamp()} ${describe(JSON.parse(String(message.data)))}`));
  socket.addEventListener('close', () => {
    console.log(`${stamp()} disconnected; reconnecting in ${retryMs} ms`);
    setTimeout(() => void open().catch((error: Error) => console.error(error.message)), retryMs);
    retryMs = Math.min(retryMs * 2, 10_000);
  });
};

await open();
