-- table: reporting.daily_totals
-- setup:
CREATE SCHEMA reporting;
CREATE TABLE reporting.daily_totals (day date PRIMARY KEY, total numeric NOT NULL);
INSERT INTO reporting.daily_totals SELECT date '2000-01-01' + g, g FROM generate_series(1, 10000) AS g;
ANALYZE reporting.daily_totals;
-- flagged:
DROP SCHEMA reporting CASCADE;
-- safe: ACCESS EXCLUSIVE
-- Table by table, each once the code stops using it; then the empty schema.
DROP TABLE reporting.daily_totals;
