CREATE TABLE measurements (
    s smallint,
    i integer,
    i4 int4,
    b bigint,
    i8 int8,
    d numeric(12, 4),
    d_plain numeric,
    d_prec decimal(8),
    r real,
    f4 float4,
    dp double precision,
    f8 float8,
    f float
);
