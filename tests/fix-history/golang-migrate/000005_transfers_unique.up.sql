CREATE UNIQUE INDEX ON transfers (account_id, id);
