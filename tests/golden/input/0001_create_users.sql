-- The table is new in this migration, so indexing it plainly is fine.
CREATE TABLE users (id bigint PRIMARY KEY, email text, login text, naïve text);
CREATE INDEX idx_users_login ON users (login);
