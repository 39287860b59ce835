-- prefer-bigint-keys: fires
-- target: pg16
CREATE TABLE drafts (id int PRIMARY KEY);  -- expect
