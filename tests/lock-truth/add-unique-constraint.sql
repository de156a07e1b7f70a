-- table: users
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 10000) AS g;
ANALYZE users;
-- flagged:
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
-- safe: SHARE UPDATE EXCLUSIVE, scan, no-transaction
CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);
-- safe: ACCESS EXCLUSIVE, after-previous
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;
