-- table: events
-- setup:
CREATE TABLE events (id bigint PRIMARY KEY, payload text);
INSERT INTO events SELECT g, 'event ' || g FROM generate_series(1, 10000) AS g;
ANALYZE events;
-- flagged:
ALTER TABLE events ADD COLUMN token double precision DEFAULT random();
-- safe: ACCESS EXCLUSIVE
ALTER TABLE events ADD COLUMN token double precision;
ALTER TABLE events ALTER COLUMN token SET DEFAULT random();
-- safe: ROW EXCLUSIVE, scan, after-previous
UPDATE events SET token = random() WHERE id BETWEEN 1 AND 10000 AND token IS NULL;
