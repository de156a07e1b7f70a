-- table: accounts
-- setup:
CREATE TABLE accounts (id bigint PRIMARY KEY, login text NOT NULL, nickname text);
INSERT INTO accounts (id, login)
SELECT g, 'user' || g FROM generate_series(1, 200000) AS g;
ANALYZE accounts;
-- flagged:
ALTER TABLE accounts ALTER COLUMN nickname SET DEFAULT '';
UPDATE accounts SET nickname = login WHERE nickname IS NULL;
-- safe: ACCESS EXCLUSIVE
ALTER TABLE accounts ALTER COLUMN nickname SET DEFAULT '';
-- safe: ROW EXCLUSIVE, scan, no-transaction
UPDATE accounts SET nickname = login WHERE id IN (SELECT id FROM accounts WHERE nickname IS NULL LIMIT 10000);
