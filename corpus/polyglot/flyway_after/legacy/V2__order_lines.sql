CREATE TABLE order_lines (
    id integer PRIMARY KEY,
    order_id integer NOT NULL REFERENCES orders (id),
    qty integer NOT NULL DEFAULT 1
);
