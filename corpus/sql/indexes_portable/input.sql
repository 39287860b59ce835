CREATE TABLE listings (
    id integer PRIMARY KEY,
    city varchar(100) NOT NULL,
    price integer NOT NULL,
    listed_at timestamp NOT NULL,
    ref varchar(32)
);
CREATE INDEX listings_city_idx ON listings (city);
CREATE UNIQUE INDEX listings_ref_key ON listings (ref);
CREATE INDEX listings_city_price_idx ON listings (city, price DESC);
CREATE INDEX ON listings (listed_at);
ALTER INDEX listings_city_idx RENAME TO listings_by_city;
DROP INDEX listings_city_price_idx;
