// The live order page: plain browser JavaScript against the public API (same origin) and the WebSocket.
const api = (path, { method = 'GET', token, body, headers = {} } = {}) =>
  fetch(new URL(path, location.origin), {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  }).then(async (response) => ({ status: response.status, body: await response.json().catch(() => undefined) }));

const $ = (id) => document.getElementById(id);
const money = ({ amount, currency }) => new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount / 100);

const state = {
  token: undefined,
  socket: undefined,
  orders: new Map(),
  frames: new Map(),
  currentOrderId: undefined,
  seenEvents: new Set(),
  retryMs: 500,
};

const setConnection = (text) => {
  $('connection-state').textContent = text;
};

/** Per order: the highest version shown. Older or repeated frames are ignored; a gap means re-reading the order. */
const applyOrder = (order) => {
  const held = state.orders.get(order.id);
  if (held && held.version >= order.version) return;
  state.orders.set(order.id, order);
  render();
};

const render = () => {
  const order = state.orders.get(state.currentOrderId);
  if (!order) return;
  $('order').hidden = false;
  $('order-id').textContent = order.id;
  $('status').textContent = order.status;
  $('status').className = `badge ${order.status}`;
  $('payment-status').textContent = order.paymentStatus;
  $('version').textContent = String(order.version);
  const frames = [...(state.frames.get(order.id) ?? [])].sort((a, b) => a.version - b.version);
  $('events').replaceChildren(
    ...frames.map((frame) => {
      const item = document.createElement('li');
      item.dataset.version = String(frame.version);
      item.textContent = `v${frame.version} ${frame.event} → ${frame.status} (payment ${frame.paymentStatus}) at ${frame.occurredAt}`;
      return item;
    }),
  );
};

const resync = async (orderId) => {
  const { status, body } = await api(`/orders/${orderId}`, { token: state.token });
  if (status === 200) applyOrder({ id: body.id, status: body.status, paymentStatus: body.payment.status, version: body.version });
};

const onFrame = (frame) => {
  if (frame.type !== 'order.updated') return;
  if (state.seenEvents.has(frame.eventId)) return;
  state.seenEvents.add(frame.eventId);
  state.frames.set(frame.orderId, [...(state.frames.get(frame.orderId) ?? []), frame]);
  const held = state.orders.get(frame.orderId)?.version ?? 0;
  if (frame.version <= held) return render();
  if (frame.version > held + 1 && held > 0) return void resync(frame.orderId);
  applyOrder({ id: frame.orderId, status: frame.status, paymentStatus: frame.paymentStatus, version: frame.version });
};

/** Tickets, never tokens, go into the WebSocket URL: one POST per connection attempt. */
const connect = async () => {
  setConnection('connecting');
  const { status, body } = await api('/notifications/tickets', { method: 'POST', token: state.token });
  if (status !== 201) return void setConnection(`refused (${status})`);
  const socket = new WebSocket(body.url);
  state.socket = socket;
  socket.addEventListener('open', () => {
    state.retryMs = 500;
    setConnection('live');
  });
  socket.addEventListener('message', (message) => {
    try {
      onFrame(JSON.parse(message.data));
    } catch {
      /* not a frame we know */
    }
  });
  socket.addEventListener('close', () => {
    setConnection('reconnecting');
    setTimeout(connect, state.retryMs);
    state.retryMs = Math.min(state.retryMs * 2, 10_000);
    // Frames sent while away are lost: re-read the order on return.
    if (state.currentOrderId) resync(state.currentOrderId);
  });
};

const loadProducts = async () => {
  const { status, body } = await api('/products?limit=20');
  if (status !== 200) return void ($('shop-error').textContent = `Could not load products (${status}).`);
  $('products').replaceChildren(
    ...body.items.map((product) => {
      const row = document.createElement('tr');
      const button = document.createElement('button');
      button.textContent = 'Order one';
      button.dataset.productId = product.id;
      button.addEventListener('click', () => placeOrder(product.id));
      for (const text of [product.name, money(product.price), String(product.stock)]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      const action = document.createElement('td');
      action.append(button);
      row.append(action);
      return row;
    }),
  );
  $('shop').hidden = false;
};

const placeOrder = async (productId) => {
  $('shop-error').textContent = '';
  const { status, body } = await api('/orders', {
    method: 'POST',
    token: state.token,
    headers: { 'idempotency-key': crypto.randomUUID() },
    body: { lines: [{ productId, quantity: 1 }] },
  });
  if (status !== 201) return void ($('shop-error').textContent = `Order refused (${status}): ${body?.detail ?? ''}`);
  // The OrderPlaced frame may have arrived before this response: it is already in state.frames.
  state.currentOrderId = body.id;
  applyOrder({ id: body.id, status: body.status, paymentStatus: body.payment.status, version: body.version });
  render();
};

$('sign-in').addEventListener('submit', async (submit) => {
  submit.preventDefault();
  $('sign-in-error').textContent = '';
  const { status, body } = await api('/auth/login', { method: 'POST', body: { email: $('email').value, password: $('password').value } });
  if (status !== 200)
    return void ($('sign-in-error').textContent = status === 401 ? 'Wrong email or password.' : `Sign-in failed (${status}).`);
  state.token = body.accessToken;
  $('sign-in').hidden = true;
  await Promise.all([connect(), loadProducts()]);
});
