CREATE TABLE items (
    id bigint NOT NULL,
    code varchar(20) NULL,
    title text NOT NULL DEFAULT 'untitled',
    price numeric(10, 2) DEFAULT 0 NOT NULL,
    note text DEFAULT NULL,
    flag boolean NOT NULL DEFAULT false,
    CONSTRAINT items_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE items IS 'Things we sell';
COMMENT ON COLUMN items.title IS 'Shown to customers';
