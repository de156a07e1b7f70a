-- table: users
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY, mail text);
INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 10000) AS g;
ANALYZE users;
-- flagged:
ALTER TABLE users DROP COLUMN mail;
ALTER TABLE users ADD COLUMN email text;
-- safe: ACCESS EXCLUSIVE
ALTER TABLE users RENAME COLUMN mail TO email;
