CREATE TABLE defaults_demo (
    id integer PRIMARY KEY,
    n_null text DEFAULT NULL,
    b_true boolean DEFAULT true,
    b_false boolean DEFAULT FALSE,
    i_zero integer DEFAULT 0,
    i_neg integer DEFAULT -1,
    d_frac numeric(5, 2) DEFAULT -1.5,
    s_plain text DEFAULT 'draft',
    s_quote text DEFAULT 'it''s',
    s_empty text DEFAULT '',
    ts_now timestamptz DEFAULT now(),
    ts_current timestamp DEFAULT CURRENT_TIMESTAMP,
    d_current date DEFAULT CURRENT_DATE,
    t_current time DEFAULT CURRENT_TIME,
    lowered text DEFAULT lower('X')
);
