ALTER TABLE users ADD COLUMN nickname tetx NOT;
