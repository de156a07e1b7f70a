-- table: users
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 10000) AS g;
CREATE INDEX idx_users_email ON users (email);
ANALYZE users;
-- flagged:
DROP INDEX idx_users_email;
-- safe: SHARE UPDATE EXCLUSIVE, no-transaction
DROP INDEX CONCURRENTLY idx_users_email;
