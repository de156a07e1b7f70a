-- table: users
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY, email text);
INSERT INTO users SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'user' || g || '@example.com' END
FROM generate_series(1, 10000) AS g;
ANALYZE users;
-- flagged: fails
-- Some rows hold NULL: the statement fails after taking its lock.
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- safe: ROW EXCLUSIVE, scan
UPDATE users SET email = 'unknown' WHERE email IS NULL;
-- safe: ACCESS EXCLUSIVE, scan, after-previous
-- Backfilled, it succeeds, still scanning every row under its lock (set-not-null-scan avoids that).
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
