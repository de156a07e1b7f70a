-- table: audit_log
-- setup:
CREATE TABLE audit_log (id bigint PRIMARY KEY, payload text);
INSERT INTO audit_log SELECT g, repeat('x', 100) FROM generate_series(1, 100000) g;
DELETE FROM audit_log WHERE id % 2 = 0;
ANALYZE audit_log;
-- flagged: no-transaction
VACUUM FULL audit_log;
-- safe: SHARE UPDATE EXCLUSIVE, no-transaction
VACUUM audit_log;
