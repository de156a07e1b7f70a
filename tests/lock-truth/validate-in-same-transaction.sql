-- table: orders
-- setup:
CREATE TABLE customers (id bigint PRIMARY KEY);
INSERT INTO customers SELECT generate_series(1, 1000);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, amount numeric NOT NULL);
INSERT INTO orders SELECT g, g % 1000 + 1, g FROM generate_series(1, 10000) AS g;
ANALYZE;
-- flagged:
ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_positive;
-- flagged: SHARE ROW EXCLUSIVE, scan
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
-- safe: ACCESS EXCLUSIVE
ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID;
-- safe: SHARE UPDATE EXCLUSIVE, scan, after-previous
-- COMMIT between the two: the VALIDATE runs in its own transaction.
ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_positive;
