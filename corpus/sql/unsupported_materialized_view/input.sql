CREATE TABLE sales (id integer PRIMARY KEY, amount integer NOT NULL);
CREATE MATERIALIZED VIEW sales_total AS SELECT sum(amount) AS total FROM sales;
