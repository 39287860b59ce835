CREATE TABLE texts (
    c char(3),
    c_alias character(10),
    v varchar(100),
    v_alias character varying(20),
    v_unbounded varchar,
    t text,
    b bytea
);
