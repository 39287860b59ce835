CREATE TABLE pairs (
    a TEXT,
    b TEXT,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
