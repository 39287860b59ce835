-- A plain table, the smallest useful migration.
CREATE TABLE users (
    id integer PRIMARY KEY,
    email varchar(255) NOT NULL,
    name text,
    created_at timestamp NOT NULL DEFAULT now()
);
