-- The store of examples/ecommerce in PostgreSQL, as `./faunus bench --peer postgres` runs it: the same tables as
-- schema/store.fsl and place_order as one PL/pgSQL function (one round trip, as Faunus's placeOrder UDF is).
-- Run it under SERIALIZABLE: the stock decrement is a conditional UPDATE, so two buyers of the last unit
-- serialize on the row and one of them finds no row to update.
CREATE TABLE customer (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL UNIQUE
);

CREATE TABLE product (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  category text NOT NULL,
  price_cents bigint NOT NULL CHECK (price_cents > 0)
);
CREATE INDEX product_by_category ON product (category, price_cents, name);
CREATE INDEX product_by_name ON product (name);

-- fillfactor 50: room on every page for the next version of a row, so that decrements are HOT updates (no new
-- index entry, and no conflict with the predicate locks SERIALIZABLE keeps on the primary key's pages).
CREATE TABLE stock (
  product_id bigint PRIMARY KEY REFERENCES product,
  quantity bigint NOT NULL CHECK (quantity >= 0)
) WITH (fillfactor = 50);

CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customer,
  status text NOT NULL CHECK (status IN ('placed', 'cancelled')),
  total_cents bigint NOT NULL,
  placed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_by_customer ON orders (customer_id, placed_at DESC);

-- No foreign key from order_line to orders: place_order creates both in one transaction, and under SERIALIZABLE
-- the key check would read (and predicate-lock) the index page of orders that every concurrent order inserts
-- into, turning any two concurrent orders into a read/write conflict and most of them into serialization failures.
CREATE TABLE order_line (
  order_id bigint NOT NULL,
  product_id bigint NOT NULL REFERENCES product,
  quantity bigint NOT NULL CHECK (quantity > 0),
  price_cents bigint NOT NULL,
  PRIMARY KEY (order_id, product_id)
);
CREATE INDEX order_line_by_product ON order_line (product_id);

-- Takes the stock of every line (refusing the order when one is short), then creates the order and its lines.
CREATE FUNCTION place_order(p_customer bigint, p_products bigint[], p_quantities bigint[]) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_order bigint;
  v_line record;
BEGIN
  IF coalesce(array_length(p_products, 1), 0) = 0 THEN
    RAISE EXCEPTION 'an order needs at least one line';
  END IF;
  -- In product order, so that two orders of the same products lock their stock rows in the same order and
  -- never deadlock (a deadlock costs deadlock_timeout, 1 s, before PostgreSQL breaks it).
  FOR v_line IN SELECT x.id, x.q FROM unnest(p_products, p_quantities) AS x (id, q) ORDER BY x.id LOOP
    UPDATE stock SET quantity = quantity - v_line.q
      WHERE product_id = v_line.id AND quantity >= v_line.q;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'out of stock: product % (% wanted)', v_line.id, v_line.q;
    END IF;
  END LOOP;
  INSERT INTO orders (customer_id, status, total_cents)
    SELECT p_customer, 'placed', sum(p.price_cents * x.q)
    FROM unnest(p_products, p_quantities) AS x (id, q) JOIN product p ON p.id = x.id
    RETURNING id INTO v_order;
  INSERT INTO order_line (order_id, product_id, quantity, price_cents)
    SELECT v_order, x.id, x.q, p.price_cents
    FROM unnest(p_products, p_quantities) AS x (id, q) JOIN product p ON p.id = x.id;
  RETURN v_order;
END $$;

