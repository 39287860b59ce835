-- drop-sequence: fires
-- target: pg16
DROP SEQUENCE order_numbers;  -- expect
