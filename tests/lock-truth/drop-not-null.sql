-- table: users
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 10000) AS g;
ANALYZE users;
-- flagged:
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
