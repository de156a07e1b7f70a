CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    email text NOT NULL,
    balance numeric NOT NULL DEFAULT 0
);

CREATE TABLE transfers (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL,
    amount numeric NOT NULL
);
