ALTER TABLE transfers DROP CONSTRAINT transfers_account_id_fkey;
