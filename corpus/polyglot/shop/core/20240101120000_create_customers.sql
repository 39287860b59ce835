-- migrate:up
CREATE TABLE customers (
    id integer PRIMARY KEY,
    email varchar(255) NOT NULL UNIQUE,
    name varchar(100)
);

-- migrate:down
DROP TABLE customers;
