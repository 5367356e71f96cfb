#!/usr/bin/env node
// The store's command line (README.md). Talks to FAUNA_ENDPOINT (default http://localhost:8443) with
// FAUNA_SECRET (default "secret", the secret of `./faunus start`).
import * as store from './store.mjs';

const HELP = `Usage: node shop.mjs <command> [arguments]

  setup                                  push schema/store.fsl and add a few customers and products
  customer NAME EMAIL                    add a customer
  product NAME CATEGORY PRICE_CENTS STOCK  add a product with its stock
  products CATEGORY                      the catalogue page of a category, cheapest first
  stock PRODUCT                          units left of a product (by name)
  order EMAIL PRODUCT=QTY [PRODUCT=QTY ...]  place an order (all lines or none)
  orders EMAIL                           a customer's orders, newest first
  cancel ORDER_ID                        cancel an order and return its stock
  rush BUYERS PRODUCT [QTY]              BUYERS customers order QTY (default 1) of PRODUCT at the same moment
  --help                                 this text

Environment: FAUNA_ENDPOINT (default http://localhost:8443), FAUNA_SECRET (default secret).
`;

const SAMPLE_PRODUCTS = [
  { name: 'mug', category: 'kitchen', price_cents: 900, stock: 100 },
  { name: 'pan', category: 'kitchen', price_cents: 2500, stock: 20 },
  { name: 'lamp', category: 'living', price_cents: 4900, stock: 10 },
];

async function main(argv) {
  const [cmd, ...args] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const need = (n, usage) => {
    if (args.length < n) throw new UsageError(`usage: node shop.mjs ${cmd} ${usage}`);
  };
  const client = store.connect();
  try {
    switch (cmd) {
      case 'setup': {
        const version = await store.pushSchema();
        console.log(`schema pushed (version ${version})`);
        for (let i = 1; i <= 40; i++) await store.addCustomer(client, { name: `buyer ${i}`, email: `buyer${i}@example.com` });
        for (const p of SAMPLE_PRODUCTS) await store.addProduct(client, p);
        console.log(`added 40 customers (buyer1@example.com ... buyer40@example.com) and ${SAMPLE_PRODUCTS.map((p) => p.name).join(', ')}`);
        return 0;
      }
      case 'customer':
        need(2, 'NAME EMAIL');
        console.log(await store.addCustomer(client, { name: args[0], email: args[1] }));
        return 0;
      case 'product': {
        need(4, 'NAME CATEGORY PRICE_CENTS STOCK');
        const [name, category, price, stock] = args;
        console.log(await store.addProduct(client, { name, category, price_cents: int(price, 'PRICE_CENTS'), stock: int(stock, 'STOCK') }));
        return 0;
      }
      case 'products':
        need(1, 'CATEGORY');
        for (const p of await store.catalogue(client, args[0])) {
          console.log(`${p.name.padEnd(20)} ${(p.price_cents / 100).toFixed(2).padStart(10)}  ${p.stock} left`);
        }
        return 0;
      case 'stock':
        need(1, 'PRODUCT');
        console.log(await store.stockOf(client, await store.productByName(client, args[0])));
        return 0;
      case 'order': {
        need(2, 'EMAIL PRODUCT=QTY [PRODUCT=QTY ...]');
        const customer = await store.customerByEmail(client, args[0]);
        const lines = [];
        for (const a of args.slice(1)) {
          const m = /^(.+)=(\d+)$/.exec(a);
          if (!m) throw new UsageError(`expected PRODUCT=QTY, got '${a}'`);
          lines.push({ product: await store.productByName(client, m[1]), quantity: int(m[2], 'QTY') });
        }
        const r = await store.placeOrder(client, customer, lines);
        console.log(r.ok ? `order ${r.orderId} placed` : `refused: ${r.reason}`);
        return r.ok ? 0 : 1;
      }
      case 'orders':
        need(1, 'EMAIL');
        for (const o of await store.ordersOf(client, await store.customerByEmail(client, args[0]))) {
          const lines = o.lines.map((l) => `${l.quantity} x ${l.product}`).join(', ');
          console.log(`${o.id}  ${o.status.padEnd(9)} ${(o.total_cents / 100).toFixed(2).padStart(10)}  ${lines}`);
        }
        return 0;
      case 'cancel': {
        need(1, 'ORDER_ID');
        const r = await store.cancelOrder(client, args[0]);
        console.log(r.ok ? `order ${args[0]} cancelled; its stock is back` : `refused: ${r.reason}`);
        return r.ok ? 0 : 1;
      }
      case 'rush': {
        need(2, 'BUYERS PRODUCT [QTY]');
        const buyers = int(args[0], 'BUYERS');
        const productId = await store.productByName(client, args[1]);
        const customerIds = await store.customerIds(client, buyers);
        const before = await store.stockOf(client, productId);
        const r = await store.rush(client, { buyers, productId, quantity: args[2] ? int(args[2], 'QTY') : 1,
          customerIds });
        const after = await store.stockOf(client, productId);
        console.log(`${buyers} buyers: ${r.sold} orders placed, ${r.refused} refused; stock ${before} -> ${after}`);
        for (const [reason, n] of Object.entries(r.reasons)) console.log(`  ${n} x ${reason}`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command '${cmd}' (see --help)`);
    }
  } finally {
    client.close();
  }
}

class UsageError extends Error {}

function int(s, what) {
  if (!/^\d+$/.test(s)) throw new UsageError(`${what} must be a whole number, got '${s}'`);
  return Number(s);
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  console.error(e instanceof UsageError ? e.message : `error: ${e.message}`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
