-- table: users
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 10000) AS g;
ANALYZE users;
-- flagged: fails
-- The table has rows: the new column is NULL in each, so the statement fails.
ALTER TABLE users ADD COLUMN status text NOT NULL;
-- safe: ACCESS EXCLUSIVE
ALTER TABLE users ADD COLUMN status text;
-- safe: ROW EXCLUSIVE, scan, after-previous
UPDATE users SET status = 'active' WHERE status IS NULL;
-- safe: ACCESS EXCLUSIVE, after-previous
ALTER TABLE users ADD CONSTRAINT users_status_not_null CHECK (status IS NOT NULL) NOT VALID;
-- safe: SHARE UPDATE EXCLUSIVE, scan, after-previous
ALTER TABLE users VALIDATE CONSTRAINT users_status_not_null;
-- safe: ACCESS EXCLUSIVE, after-previous
ALTER TABLE users ALTER COLUMN status SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_status_not_null;
-- safe: ACCESS EXCLUSIVE
-- Or, when one constant suits every row: a constant DEFAULT is stored once, no rewrite (PostgreSQL 11+).
ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active';
