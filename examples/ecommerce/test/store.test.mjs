// The store example against a real Faunus node (`./faunus start --memory`, started by compat/server.mjs):
// concurrent buyers never oversell, a refused order says why, a cancelled order returns its stock.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { STARTUP_TIMEOUT_MS, startServer } from '../../../compat/server.mjs';
import * as store from '../store.mjs';

const BUYERS = 32;
const UNITS = 10;
const ROUNDS = 5;

let server;
let client;
let customers;

before(async () => {
  server = await startServer();
  const opts = { endpoint: server.endpoint, secret: server.rootSecret };
  await store.pushSchema(opts);
  client = store.connect(opts);
  for (let i = 1; i <= BUYERS; i++) await store.addCustomer(client, { name: `buyer ${i}`, email: `b${i}@example.com` });
  customers = await store.customerIds(client, BUYERS);
  assert.equal(customers.length, BUYERS);
}, { timeout: STARTUP_TIMEOUT_MS + 30_000 });

after(async () => {
  client?.close();
  await server?.stop();
});

/** Units of `productId` on order lines of placed orders, read back from the database. */
async function unitsOrdered(productId) {
  const r = await client.query(store.fql`OrderLine.byProduct(Product.byId(${productId})!)
    .where(l => l.order.status == "placed").map(l => l.quantity).toArray()`);
  return r.data.reduce((a, b) => a + b, 0);
}

test(`${BUYERS} concurrent buyers of ${UNITS} units buy exactly ${UNITS}, ${ROUNDS} rounds`, { timeout: 300_000 }, async () => {
  for (let round = 1; round <= ROUNDS; round++) {
    const productId = await store.addProduct(client,
      { name: `limited ${round}`, category: 'sale', price_cents: 1999, stock: UNITS });
    const r = await store.rush(client, { buyers: BUYERS, productId, quantity: 1, customerIds: customers });
    assert.equal(r.sold, UNITS, `round ${round}: ${JSON.stringify(r.reasons)}`);
    assert.equal(r.refused, BUYERS - UNITS);
    // Every refusal is the store's own clear answer, not a transport or contention error.
    for (const reason of Object.keys(r.reasons)) {
      assert.match(reason, new RegExp(`^out of stock: limited ${round} has 0 left, 1 wanted$`));
    }
    assert.equal(await store.stockOf(client, productId), 0);
    assert.equal(await unitsOrdered(productId), UNITS);
    assert.equal(new Set(r.orderIds).size, UNITS);
  }
});

test('an order that cannot be served whole takes nothing', async () => {
  const a = await store.addProduct(client, { name: 'kettle', category: 'kitchen', price_cents: 3000, stock: 5 });
  const b = await store.addProduct(client, { name: 'toaster', category: 'kitchen', price_cents: 4000, stock: 1 });
  const r = await store.placeOrder(client, customers[0], [{ product: a, quantity: 2 }, { product: b, quantity: 2 }]);
  assert.deepEqual(r, { ok: false, reason: 'out of stock: toaster has 1 left, 2 wanted' });
  assert.equal(await store.stockOf(client, a), 5);
  assert.equal(await store.stockOf(client, b), 1);
  const dup = await store.placeOrder(client, customers[0], [{ product: a, quantity: 1 }, { product: a, quantity: 1 }]);
  assert.deepEqual(dup, { ok: false, reason: 'each product may appear once per order' });
});

test('a cancelled order returns its stock, once', async () => {
  const mug = await store.addProduct(client, { name: 'mug', category: 'kitchen', price_cents: 900, stock: 10 });
  const pan = await store.addProduct(client, { name: 'pan', category: 'kitchen', price_cents: 2500, stock: 4 });
  const placed = await store.placeOrder(client, customers[1], [{ product: mug, quantity: 3 }, { product: pan, quantity: 4 }]);
  assert.equal(placed.ok, true);
  assert.equal(await store.stockOf(client, mug), 7);
  assert.equal(await store.stockOf(client, pan), 0);
  const [order] = await store.ordersOf(client, customers[1]);
  assert.equal(order.id, placed.orderId);
  assert.equal(order.total_cents, 3 * 900 + 4 * 2500);
  assert.deepEqual(order.lines.map((l) => `${l.quantity} x ${l.product}`).sort(), ['3 x mug', '4 x pan']);

  assert.deepEqual(await store.cancelOrder(client, placed.orderId), { ok: true });
  assert.equal(await store.stockOf(client, mug), 10);
  assert.equal(await store.stockOf(client, pan), 4);
  assert.equal((await store.ordersOf(client, customers[1]))[0].status, 'cancelled');
  assert.deepEqual(await store.cancelOrder(client, placed.orderId),
    { ok: false, reason: `order ${placed.orderId} is already cancelled` });
  assert.equal(await store.stockOf(client, mug), 10);
});
