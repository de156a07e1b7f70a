-- table: accounts
-- setup:
CREATE TABLE accounts (id bigint NOT NULL, name text);
INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, 10000) AS g;
ANALYZE accounts;
-- flagged:
ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);
-- safe: SHARE UPDATE EXCLUSIVE, scan, no-transaction
CREATE UNIQUE INDEX CONCURRENTLY accounts_pkey ON accounts (id);
-- safe: ACCESS EXCLUSIVE, after-previous
ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey;
