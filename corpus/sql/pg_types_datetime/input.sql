CREATE TABLE events (
    d date,
    t time,
    t3 time(3),
    ttz timetz,
    ttz_long time with time zone,
    ts timestamp,
    ts0 timestamp(0) without time zone,
    tstz timestamptz,
    tstz6 timestamp(6) with time zone,
    iv interval
);
