-- table: accounts
-- setup:
CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, login text NOT NULL);
INSERT INTO accounts (id, email, login)
SELECT g, 'user' || g || '@example.com', 'user' || g FROM generate_series(1, 200000) AS g;
ANALYZE accounts;
-- flagged:
ALTER TABLE accounts ADD COLUMN note text;
CREATE INDEX accounts_email_idx ON accounts (email);
-- safe: ACCESS EXCLUSIVE
ALTER TABLE accounts ADD COLUMN note text;
-- safe: SHARE, scan
CREATE INDEX accounts_email_idx ON accounts (email);
