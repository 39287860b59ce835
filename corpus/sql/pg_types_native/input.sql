CREATE TABLE network_things (
    id integer PRIMARY KEY,
    tags text[],
    matrix integer[][],
    addr inet,
    net cidr,
    mac macaddr,
    amount money,
    location point,
    search tsvector,
    doc xml
);
