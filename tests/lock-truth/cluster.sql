-- table: events
-- setup:
CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz);
INSERT INTO events SELECT g, now() - g * interval '1 minute' FROM generate_series(1, 100000) g;
CREATE INDEX idx_events_created ON events (created_at);
ANALYZE events;
-- flagged:
CLUSTER events USING idx_events_created;
