CREATE TABLE documents (
    id uuid NOT NULL PRIMARY KEY,
    published boolean NOT NULL,
    archived bool,
    body json,
    meta jsonb NOT NULL
);
