CREATE TABLE countries (
    code char(2) PRIMARY KEY,
    name text NOT NULL UNIQUE
);
CREATE TABLE cities (
    id integer,
    country_code char(2) NOT NULL REFERENCES countries,
    capital_of char(2),
    name text NOT NULL CHECK (name <> ''),
    population integer CHECK (population >= 0),
    PRIMARY KEY (id),
    UNIQUE (country_code, name),
    CHECK (id > 0),
    FOREIGN KEY (capital_of) REFERENCES countries (code)
);
