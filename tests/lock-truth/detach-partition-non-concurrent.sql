-- table: measurements
-- setup:
CREATE TABLE measurements (id bigint, day date) PARTITION BY RANGE (day);
CREATE TABLE measurements_2019 PARTITION OF measurements FOR VALUES FROM ('2019-01-01') TO ('2020-01-01');
CREATE TABLE measurements_2020 PARTITION OF measurements FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
INSERT INTO measurements SELECT g, date '2019-01-01' + (g % 730) FROM generate_series(1, 100000) g;
ANALYZE measurements;
-- flagged:
ALTER TABLE measurements DETACH PARTITION measurements_2019;
-- safe: SHARE UPDATE EXCLUSIVE, no-transaction
ALTER TABLE measurements DETACH PARTITION measurements_2019 CONCURRENTLY;
