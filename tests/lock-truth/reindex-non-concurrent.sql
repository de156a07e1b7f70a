-- table: users
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY, email text);
INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 100000) g;
CREATE INDEX idx_users_email ON users (email);
ANALYZE users;
-- flagged:
REINDEX INDEX idx_users_email;
-- safe: SHARE UPDATE EXCLUSIVE, scan, no-transaction
REINDEX INDEX CONCURRENTLY idx_users_email;
