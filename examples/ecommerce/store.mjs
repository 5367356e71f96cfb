// The store's operations over the fauna JS driver: what a web handler or the `shop.mjs` CLI calls. Every write
// that touches stock goes through the UDFs of schema/store.fsl (placeOrder, cancelOrder), so each order is one
// transaction: the stock check, the decrement, the order and its lines commit together or not at all.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AbortError, Client, ContendedTransactionError, fql } from 'fauna';

export { fql };

const here = dirname(fileURLToPath(import.meta.url));
export const SCHEMA_FILE = join(here, 'schema', 'store.fsl');

/** Application-level retries of an order whose transaction stayed contended after the server's own retries. */
const MAX_ORDER_ATTEMPTS = 20;

/** A driver client; the server retries contended transactions up to 7 times (its limit) before answering 409. */
export function connect({ endpoint = process.env.FAUNA_ENDPOINT ?? 'http://localhost:8443',
  secret = process.env.FAUNA_SECRET ?? 'secret' } = {}) {
  return new Client({ endpoint: new URL(endpoint), secret, max_contention_retries: 7, query_timeout_ms: 60_000 });
}

/**
 * Pushes schema/store.fsl as the database's whole schema (POST /schema/1/update, as `fauna schema push` does).
 * Collections that the file does not declare are removed, as with the fauna CLI.
 */
export async function pushSchema({ endpoint = process.env.FAUNA_ENDPOINT ?? 'http://localhost:8443',
  secret = process.env.FAUNA_SECRET ?? 'secret' } = {}) {
  const form = new FormData();
  form.append('store.fsl', new Blob([readFileSync(SCHEMA_FILE, 'utf8')]), 'store.fsl');
  const res = await fetch(new URL('/schema/1/update?force=true', endpoint), {
    method: 'POST', headers: { authorization: `Bearer ${secret}` }, body: form,
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`schema push failed (${res.status}): ${body}`);
  return JSON.parse(body).version;
}

export async function addCustomer(client, { name, email }) {
  const r = await client.query(fql`Customer.create({ name: ${name}, email: ${email} }).id`);
  return r.data;
}

/** A product and its stock, in one transaction. */
export async function addProduct(client, { name, category, price_cents, stock }) {
  const r = await client.query(fql`
    let p = Product.create({ name: ${name}, category: ${category}, price_cents: ${price_cents} })
    Stock.create({ product: p, quantity: ${stock} })
    p.id`);
  return r.data;
}

export async function customerByEmail(client, email) {
  const r = await client.query(fql`Customer.byEmail(${email}).first()?.id`);
  if (r.data == null) throw new Error(`no customer with email ${email}`);
  return r.data;
}

export async function productByName(client, name) {
  const r = await client.query(fql`Product.byName(${name}).first()?.id`);
  if (r.data == null) throw new Error(`no product named ${name}`);
  return r.data;
}

/** The ids of up to `n` customers. */
export async function customerIds(client, n) {
  const r = await client.query(fql`Customer.all().take(${n}).map(c => c.id).toArray()`);
  return r.data;
}

export async function stockOf(client, productId) {
  const r = await client.query(fql`Stock.byProduct(Product.byId(${productId})!).first()!.quantity`);
  return r.data;
}

/** The catalogue page: products of a category, cheapest first (index Product.byCategory). */
export async function catalogue(client, category) {
  const r = await client.query(fql`Product.byCategory(${category}).map(p => {
    name: p.name, price_cents: p.price_cents, stock: Stock.byProduct(p).first()!.quantity
  }).toArray()`);
  return r.data;
}

/** A customer's orders, newest first (index Order.byCustomer), with their lines. */
export async function ordersOf(client, customerId) {
  const r = await client.query(fql`Order.byCustomer(Customer.byId(${customerId})!).map(o => {
    id: o.id, status: o.status, total_cents: o.total_cents, placed_at: o.placed_at,
    lines: OrderLine.byOrder(o).map(l => { product: l.product.name, quantity: l.quantity }).toArray()
  }).toArray()`);
  return r.data;
}

/**
 * Places an order of `lines` ([{ product: <id>, quantity }]). Resolves to { ok: true, orderId } or, when the
 * store refuses it (placeOrder called `abort`: out of stock, unknown product, ...), { ok: false, reason }.
 * A transaction still contended after the server's retries is tried again here.
 */
export async function placeOrder(client, customerId, lines) {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await client.query(fql`placeOrder(${customerId}, ${lines}).id`);
      return { ok: true, orderId: r.data };
    } catch (e) {
      if (e instanceof AbortError) return { ok: false, reason: String(e.abort) };
      if (e instanceof ContendedTransactionError && attempt < MAX_ORDER_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
        continue;
      }
      throw e;
    }
  }
}

/** Cancels an order and returns its stock. Resolves to { ok: true } or { ok: false, reason }. */
export async function cancelOrder(client, orderId) {
  try {
    await client.query(fql`cancelOrder(${orderId}).status`);
    return { ok: true };
  } catch (e) {
    if (e instanceof AbortError) return { ok: false, reason: String(e.abort) };
    throw e;
  }
}

/**
 * `buyers` customers order `quantity` of one product all at once. Resolves to { sold, refused, reasons }:
 * orders placed, orders refused, and how often each refusal reason came back.
 */
export async function rush(client, { buyers, productId, quantity = 1, customerIds }) {
  const results = await Promise.all(Array.from({ length: buyers }, (_, i) =>
    placeOrder(client, customerIds[i % customerIds.length], [{ product: productId, quantity }])));
  const reasons = {};
  for (const r of results) if (!r.ok) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
  return { sold: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok).length, reasons,
    orderIds: results.filter((r) => r.ok).map((r) => r.orderId) };
}
