CREATE TABLE sales (id integer PRIMARY KEY, region text NOT NULL, amount numeric(10, 2) NOT NULL);
CREATE VIEW big_sales AS SELECT id, region, amount FROM sales WHERE amount > 1000;
CREATE OR REPLACE VIEW big_sales AS SELECT id, region, amount FROM sales WHERE amount > 500;
CREATE VIEW region_totals (region, total) AS
    SELECT region, sum(amount) FROM sales GROUP BY region;
CREATE MATERIALIZED VIEW region_totals_mv AS
    SELECT region, sum(amount) AS total FROM sales GROUP BY region;
CREATE VIEW temp_view AS SELECT 1 AS one;
DROP VIEW temp_view;
DROP VIEW IF EXISTS missing_view;
DROP MATERIALIZED VIEW region_totals_mv;
CREATE MATERIALIZED VIEW region_totals_mv2 AS SELECT region, count(*) AS n FROM sales GROUP BY region;
