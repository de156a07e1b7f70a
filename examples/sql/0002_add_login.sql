-- Later: users holds data now.
ALTER TABLE users ADD COLUMN login text NOT NULL;
CREATE INDEX users_login_idx ON users (login);
ALTER TABLE users ADD CONSTRAINT users_login_check CHECK (login <> '');
