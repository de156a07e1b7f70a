-- table: daily_totals
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, day date, total numeric);
INSERT INTO orders SELECT g, date '2024-01-01' + (g % 365), g % 100 FROM generate_series(1, 100000) g;
CREATE MATERIALIZED VIEW daily_totals AS SELECT day, sum(total) AS total FROM orders GROUP BY day;
CREATE UNIQUE INDEX daily_totals_day ON daily_totals (day);
ANALYZE orders;
ANALYZE daily_totals;
-- flagged:
REFRESH MATERIALIZED VIEW daily_totals;
-- safe: EXCLUSIVE, scan
REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals;
