-- table: accounts
-- setup:
CREATE TABLE accounts (id bigint PRIMARY KEY, plan text);
INSERT INTO accounts SELECT g, 'free' FROM generate_series(1, 100000) g;
ANALYZE accounts;
-- flagged:
LOCK TABLE accounts;
