-- Indexes on a table an earlier migration created.
CREATE INDEX idx_users_email ON users (email);

-- miglint: ignore non-concurrent-index -- reviewed: users is small
CREATE INDEX idx_users_naïve ON users (naïve);

	CREATE UNIQUE INDEX idx_users_lower
    ON users (lower(email));
