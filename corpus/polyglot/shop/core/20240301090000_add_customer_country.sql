-- migrate:up
ALTER TABLE customers ADD COLUMN country char(2);
CREATE INDEX customers_country_idx ON customers (country);

-- migrate:down
DROP INDEX customers_country_idx;
ALTER TABLE customers DROP COLUMN country;
