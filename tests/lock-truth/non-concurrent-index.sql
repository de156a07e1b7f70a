-- table: users
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 10000) AS g;
ANALYZE users;
-- flagged:
CREATE INDEX idx_users_email ON users (email);
-- safe: SHARE UPDATE EXCLUSIVE, scan, no-transaction
CREATE INDEX CONCURRENTLY idx_users_email ON users (email);
