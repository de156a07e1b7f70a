-- table: users
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 10000) AS g;
ANALYZE users;
-- flagged:
ALTER TABLE users RENAME COLUMN email TO email_address;
-- safe: ACCESS EXCLUSIVE
ALTER TABLE users ADD COLUMN email_address text;
-- safe: ROW EXCLUSIVE, scan, after-previous
UPDATE users SET email_address = email WHERE email_address IS NULL;
-- safe: ACCESS EXCLUSIVE, after-previous
ALTER TABLE users DROP COLUMN email;
