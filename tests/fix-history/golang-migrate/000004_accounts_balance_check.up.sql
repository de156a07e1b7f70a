ALTER TABLE accounts ADD CHECK (balance >= 0);
