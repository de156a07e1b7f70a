-- table: bookings
-- setup:
CREATE TABLE bookings (id bigint PRIMARY KEY, during tsrange NOT NULL);
INSERT INTO bookings
SELECT g, tsrange(timestamp '2020-01-01' + g * interval '1 hour', timestamp '2020-01-01' + (g + 1) * interval '1 hour')
FROM generate_series(1, 10000) AS g;
ANALYZE bookings;
-- flagged:
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&);
-- safe: ACCESS EXCLUSIVE, scan
-- There is no concurrent form: a lock_timeout only bounds the wait for the lock.
SET LOCAL lock_timeout = '5s';
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&);
