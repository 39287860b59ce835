CREATE TABLE order_lines (
    id integer PRIMARY KEY,
    quantity integer NOT NULL,
    unit_price numeric(10, 2) NOT NULL,
    total numeric(12, 2) GENERATED ALWAYS AS (quantity * unit_price) STORED
);
ALTER TABLE order_lines ADD COLUMN quantity_doubled integer GENERATED ALWAYS AS (quantity * 2) STORED;
