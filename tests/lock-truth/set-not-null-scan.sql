-- table: users
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY, email text);
INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 10000) AS g;
ANALYZE users;
-- flagged:
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- safe: ACCESS EXCLUSIVE
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
-- safe: SHARE UPDATE EXCLUSIVE, scan, after-previous
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
-- safe: ACCESS EXCLUSIVE, after-previous
-- The valid CHECK proves the column NOT NULL: no scan (PostgreSQL 12+).
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_not_null;
