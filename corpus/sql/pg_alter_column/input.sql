CREATE TABLE accounts (
    id integer PRIMARY KEY,
    balance integer NOT NULL DEFAULT 0,
    nickname varchar(20),
    status text,
    created text
);
ALTER TABLE accounts ALTER COLUMN balance TYPE bigint;
ALTER TABLE accounts ALTER COLUMN nickname SET DATA TYPE varchar(50);
ALTER TABLE accounts ALTER COLUMN created TYPE timestamp USING created::timestamp;
ALTER TABLE accounts ALTER COLUMN nickname SET NOT NULL;
ALTER TABLE accounts ALTER COLUMN balance DROP NOT NULL;
ALTER TABLE accounts ALTER COLUMN status SET DEFAULT 'active';
ALTER TABLE accounts ALTER balance DROP DEFAULT;
ALTER TABLE accounts
    ALTER COLUMN status SET NOT NULL,
    ALTER COLUMN status TYPE varchar(16),
    ALTER COLUMN balance SET DEFAULT 100;
