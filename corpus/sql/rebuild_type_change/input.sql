CREATE TABLE invoices (
    id integer PRIMARY KEY,
    number varchar(10) NOT NULL,
    amount integer NOT NULL DEFAULT 0,
    note text
);
CREATE INDEX invoices_number_idx ON invoices (number);
INSERT INTO invoices (id, number, amount) VALUES (1, 'A-1', 10);
ALTER TABLE invoices ALTER COLUMN amount TYPE numeric(12, 2);
ALTER TABLE invoices ALTER COLUMN number TYPE varchar(40);
