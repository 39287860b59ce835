-- detach-partition-not-concurrent: fires
-- target: pg16
ALTER TABLE events DETACH PARTITION events_2020;  -- expect
