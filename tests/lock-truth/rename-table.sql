-- table: customers
-- setup:
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 10000) AS g;
ANALYZE customers;
-- flagged:
ALTER TABLE customers RENAME TO clients;
-- safe: ACCESS EXCLUSIVE
-- The rename keeps its lock; the view keeps the old name working in the same transaction.
ALTER TABLE customers RENAME TO clients;
CREATE VIEW customers AS SELECT * FROM clients;
