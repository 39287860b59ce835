-- prefer-bigint-keys: does not fire
-- target: pg16
CREATE TABLE drafts (id bigint PRIMARY KEY);
