-- table: items
-- setup:
CREATE TABLE items (name text NOT NULL);
INSERT INTO items SELECT 'item ' || g FROM generate_series(1, 10000) AS g;
ANALYZE items;
-- flagged:
ALTER TABLE items ADD COLUMN id bigserial;
-- flagged: ACCESS EXCLUSIVE, rewrite
ALTER TABLE items ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
-- safe: ACCESS EXCLUSIVE
CREATE SEQUENCE items_id_seq;
ALTER TABLE items ADD COLUMN id bigint;
ALTER TABLE items ALTER COLUMN id SET DEFAULT nextval('items_id_seq');
ALTER SEQUENCE items_id_seq OWNED BY items.id;
-- safe: ROW EXCLUSIVE, scan, after-previous
UPDATE items SET id = nextval('items_id_seq') WHERE id IS NULL;
