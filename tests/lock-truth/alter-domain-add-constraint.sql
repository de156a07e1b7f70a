-- table: payments
-- setup:
CREATE DOMAIN positive_amount AS numeric(12, 2);
CREATE TABLE payments (id bigint PRIMARY KEY, total positive_amount);
INSERT INTO payments SELECT g, g % 1000 + 1 FROM generate_series(1, 100000) g;
ANALYZE payments;
-- flagged:
ALTER DOMAIN positive_amount ADD CONSTRAINT positive_amount_check CHECK (VALUE > 0);
-- safe: none
ALTER DOMAIN positive_amount ADD CONSTRAINT positive_amount_check CHECK (VALUE > 0) NOT VALID;
