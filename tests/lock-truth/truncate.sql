-- table: sessions
-- setup:
CREATE TABLE sessions (id bigint PRIMARY KEY, token text NOT NULL);
INSERT INTO sessions SELECT g, md5(g::text) FROM generate_series(1, 10000) AS g;
ANALYZE sessions;
-- flagged:
TRUNCATE sessions;
-- safe: ROW EXCLUSIVE, scan
-- One batch of the batched delete (repeat until it deletes 0 rows).
DELETE FROM sessions WHERE ctid IN (SELECT ctid FROM sessions LIMIT 10000);
