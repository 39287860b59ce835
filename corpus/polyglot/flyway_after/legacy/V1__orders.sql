CREATE TABLE orders (
    id integer PRIMARY KEY,
    total numeric(10, 2) NOT NULL
);
