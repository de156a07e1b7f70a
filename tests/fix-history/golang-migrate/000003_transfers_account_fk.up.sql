ALTER TABLE transfers ADD CONSTRAINT transfers_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
