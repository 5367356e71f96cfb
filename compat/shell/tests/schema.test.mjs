// `fauna schema push|status|commit|pull|diff|abandon` of fauna-shell 4.0.0 against a Faunus node
// (schema-v10.md §2): the flows a team moving its FSL project over runs, and a stale-version conflict.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fauna, freshDatabase, query, readFile, schemaDir, useServer, writeFiles } from '../harness.mjs';

const ctx = useServer();

// Shapes of a real project (typed fields, refs, a string-literal union, computed fields, indexes with
// terms and values, unique and check constraints, untyped and typed UDFs), spread over two files.
const COLLECTIONS = `collection Customer {
  name: String
  email: String
  address: {
    street: String,
    city: String
  }

  // All orders of a customer.
  compute orders: Set<Order> = (customer => Order.byCustomer(customer))

  unique [.email]

  index byEmail {
    terms [.email]
  }
}

collection Order {
  customer: Ref<Customer>
  status: "cart" | "processing" | "shipped"
  total: Int
  createdAt: Time

  check positiveTotal (order => order.total >= 0)

  index byCustomer {
    terms [.customer]
    values [desc(.createdAt), .status]
  }
}
`;

const FUNCTIONS = `// Opens a cart for a customer.
function openCart(customerId) {
  let customer = Customer.byId(customerId)!
  Order.create({ customer: customer, status: "cart", total: 0, createdAt: Time.now() })
}

function double(x: Number): Number { x * 2 }
`;

const FILES = { 'collections.fsl': COLLECTIONS, 'functions/cart.fsl': FUNCTIONS };

async function exists(secret, collection) {
  const r = await query(ctx, secret, `Collection.byName("${collection}") != null`);
  return r.data;
}

test('push stages the schema, status shows it, commit makes it live', async () => {
  const db = await freshDatabase(ctx);
  const dir = schemaDir(FILES);
  const push = await fauna(ctx, db.secret, ['schema', 'push', '--dir', dir, '--no-input']);
  assert.equal(push.code, 0, push.output);

  const status = await fauna(ctx, db.secret, ['schema', 'status', '--dir', dir]);
  assert.equal(status.code, 0, status.output);
  assert.match(status.stdout, /Staged changes: ready/);
  assert.match(status.stdout, /\* Adding collection `Customer` to collections\.fsl:1:1/);
  assert.match(status.stdout, /\* Adding function `openCart` to functions\/cart\.fsl:2:1/);
  assert.match(status.stdout, /Local changes: none/);
  assert.equal(await exists(db.secret, 'Customer'), false, 'a staged collection is not live');

  const commit = await fauna(ctx, db.secret, ['schema', 'commit', '--no-input']);
  assert.equal(commit.code, 0, commit.output);
  assert.match(commit.stdout, /Schema has been committed/);
  assert.equal(await exists(db.secret, 'Customer'), true);

  // The schema works: typed documents, the UDF, the index with its values order, the constraints.
  const r = await query(ctx, db.secret, `
    let c = Customer.create({ name: "Ann", email: "ann@example.com", address: { street: "1 Main", city: "Oslo" } })
    openCart(c.id)
    [double(21), c.orders.count(), Order.byCustomer(c).first()!.status]`);
  assert.deepEqual(r.data, [42, 1, 'cart']);
  await assert.rejects(query(ctx, db.secret,
    'Customer.create({ name: "Bob", email: "ann@example.com", address: { street: "x", city: "y" } })'),
  /constraint_failure/);

  const after = await fauna(ctx, db.secret, ['schema', 'status', '--dir', dir]);
  assert.match(after.stdout, /Staged changes: none/);
  assert.match(after.stdout, /Local changes: none/);
});

test('pull returns exactly the files that were pushed', async () => {
  const db = await freshDatabase(ctx);
  const src = schemaDir(FILES);
  const push = await fauna(ctx, db.secret, ['schema', 'push', '--active', '--dir', src, '--no-input']);
  assert.equal(push.code, 0, push.output);
  assert.equal(await exists(db.secret, 'Order'), true, 'push --active applies at once');

  // fauna-shell 4.0.0 writes pulled files without creating their directories, so functions/ must exist.
  const dest = schemaDir({ 'functions/.keep': '' });
  const pull = await fauna(ctx, db.secret, ['schema', 'pull', '--dir', dest], { answers: [{ text: 'y' }] });
  assert.equal(pull.code, 0, pull.output);
  assert.deepEqual(readdirSync(dest, { recursive: true }).sort(), ['collections.fsl', 'functions', 'functions/.keep', 'functions/cart.fsl']);
  assert.equal(readFile(dest, 'collections.fsl'), COLLECTIONS);
  assert.equal(readFile(dest, 'functions/cart.fsl'), FUNCTIONS);
});

test('diff shows local changes semantically and as text, and nothing when equal', async () => {
  const db = await freshDatabase(ctx);
  const dir = schemaDir(FILES);
  assert.equal((await fauna(ctx, db.secret, ['schema', 'push', '--active', '--dir', dir, '--no-input'])).code, 0);

  const same = await fauna(ctx, db.secret, ['schema', 'diff', '--dir', dir]);
  assert.equal(same.code, 0, same.output);
  assert.match(same.stdout, /No schema differences/);

  writeFiles(dir, { 'collections.fsl': COLLECTIONS.replace('  total: Int\n', '  total: Int\n  note: String?\n') });
  const semantic = await fauna(ctx, db.secret, ['schema', 'diff', '--dir', dir]);
  assert.equal(semantic.code, 0, semantic.output);
  assert.match(semantic.stdout, /\* Modifying collection `Order` at collections\.fsl:19:1:/);
  assert.match(semantic.stdout, /\+ add field `\.note`/);

  const textual = await fauna(ctx, db.secret, ['schema', 'diff', '--dir', dir, '--text']);
  assert.equal(textual.code, 0, textual.output);
  assert.match(textual.stdout, /collections\.fsl\n@ line \d+ to \d+\n/);
  assert.match(textual.stdout, /\n\+ {3}note: String\?\n/);
});

test('abandon drops a staged schema and leaves the active one', async () => {
  const db = await freshDatabase(ctx);
  const dir = schemaDir(FILES);
  assert.equal((await fauna(ctx, db.secret, ['schema', 'push', '--active', '--dir', dir, '--no-input'])).code, 0);
  writeFiles(dir, { 'extra.fsl': 'collection Coupon {\n  code: String\n}\n' });
  assert.equal((await fauna(ctx, db.secret, ['schema', 'push', '--dir', dir, '--no-input'])).code, 0);

  const staged = await fauna(ctx, db.secret, ['schema', 'diff', '--staged', '--dir', dir]);
  assert.match(staged.stdout, /\* Adding collection `Coupon` to extra\.fsl:1:1/);

  const abandon = await fauna(ctx, db.secret, ['schema', 'abandon', '--no-input']);
  assert.equal(abandon.code, 0, abandon.output);
  assert.match(abandon.stdout, /Schema has been abandoned/);
  assert.equal(await exists(db.secret, 'Coupon'), false);
  assert.equal(await exists(db.secret, 'Customer'), true);

  const again = await fauna(ctx, db.secret, ['schema', 'abandon', '--no-input']);
  assert.equal(again.code, 1);
  assert.match(again.output, /There is no staged schema to abandon/);
});

test('a push confirmed after someone else changed the schema is refused as stale', async () => {
  const db = await freshDatabase(ctx);
  const dir = schemaDir(FILES);
  // Interactive push: diff, then "Stage the above changes?"; before answering, the schema moves on.
  const push = await fauna(ctx, db.secret, ['schema', 'push', '--dir', dir], {
    answers: [{ text: 'y', before: () => query(ctx, db.secret, 'Collection.create({ name: "Meanwhile" })') }],
  });
  assert.equal(push.code, 1, push.output);
  assert.match(push.output, /Stale schema version provided/);
  assert.equal(await exists(db.secret, 'Customer'), false);
  const status = await fauna(ctx, db.secret, ['schema', 'status']);
  assert.match(status.stdout, /Staged changes: none/);
});

test('invalid FSL is refused with the diagnostic', async () => {
  const db = await freshDatabase(ctx);
  const dir = schemaDir({ 'main.fsl': 'collection Ok {}\n\nfunction foo {}\n' });
  const push = await fauna(ctx, db.secret, ['schema', 'push', '--dir', dir, '--no-input']);
  assert.equal(push.code, 1, push.output);
  assert.match(push.output, /error: Expected `\(`\nat main\.fsl:3:14\n/);
  assert.equal(await exists(db.secret, 'Ok'), false);
});
