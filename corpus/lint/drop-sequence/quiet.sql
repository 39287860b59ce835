-- drop-sequence: does not fire
-- target: pg16
CREATE SEQUENCE order_numbers;
