-- opaque-operation: fires
-- target: pg16
IMPORT FOREIGN SCHEMA remote FROM SERVER archive INTO public;  -- expect
