-- table: orders
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, quantity integer NOT NULL, note varchar(50));
CREATE INDEX orders_note_idx ON orders (note);
INSERT INTO orders SELECT g, g % 100, 'note ' || g FROM generate_series(1, 10000) AS g;
ANALYZE orders;
-- flagged:
ALTER TABLE orders ALTER COLUMN quantity TYPE bigint;
-- safe: ACCESS EXCLUSIVE
-- A binary-coercible change, which the rule leaves alone: no rewrite, no scan, the index on the column is kept.
ALTER TABLE orders ALTER COLUMN note TYPE varchar(100);
-- safe: ACCESS EXCLUSIVE
ALTER TABLE orders ADD COLUMN quantity_new bigint;
-- safe: ROW EXCLUSIVE, scan, after-previous
-- The backfill (in batches on a real table) takes only ROW EXCLUSIVE.
UPDATE orders SET quantity_new = quantity WHERE quantity_new IS NULL;
-- safe: ACCESS EXCLUSIVE, after-previous
ALTER TABLE orders RENAME COLUMN quantity TO quantity_old;
ALTER TABLE orders RENAME COLUMN quantity_new TO quantity;
