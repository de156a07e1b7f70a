-- table: audit_log
-- setup:
CREATE TABLE audit_log (id bigint PRIMARY KEY, entry text NOT NULL);
INSERT INTO audit_log SELECT g, 'entry ' || g FROM generate_series(1, 10000) AS g;
ANALYZE audit_log;
-- flagged:
DROP TABLE audit_log;
-- safe: ACCESS SHARE, scan
-- Keep a copy first (it only reads the table), then drop it in a later migration.
CREATE TABLE audit_log_backup AS TABLE audit_log;
