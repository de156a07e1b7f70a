-- table: users
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, legacy_flag boolean);
INSERT INTO users SELECT g, 'user' || g || '@example.com', g % 2 = 0 FROM generate_series(1, 10000) AS g;
ANALYZE users;
-- flagged:
ALTER TABLE users DROP COLUMN legacy_flag;
-- safe: ACCESS EXCLUSIVE
SET LOCAL lock_timeout = '5s';
ALTER TABLE users DROP COLUMN legacy_flag;
