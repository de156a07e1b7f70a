-- table: products
-- setup:
CREATE TABLE products (id bigint PRIMARY KEY, price numeric NOT NULL, quantity integer NOT NULL);
INSERT INTO products SELECT g, g * 1.5, g % 10 FROM generate_series(1, 10000) AS g;
ANALYZE products;
CREATE FUNCTION products_total() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.total := NEW.price * NEW.quantity;
  RETURN NEW;
END $$;
-- flagged:
ALTER TABLE products ADD COLUMN total numeric GENERATED ALWAYS AS (price * quantity) STORED;
-- safe: ACCESS EXCLUSIVE
ALTER TABLE products ADD COLUMN total numeric;
-- safe: SHARE ROW EXCLUSIVE, after-previous
CREATE TRIGGER products_total BEFORE INSERT OR UPDATE ON products FOR EACH ROW EXECUTE FUNCTION products_total();
-- safe: ROW EXCLUSIVE, scan, after-previous
UPDATE products SET total = price * quantity WHERE id BETWEEN 1 AND 10000;
