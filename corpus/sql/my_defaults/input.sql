CREATE TABLE defaults_demo (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  n_null varchar(10) DEFAULT NULL,
  i_zero int NOT NULL DEFAULT 0,
  i_quoted int DEFAULT '5',
  d_neg decimal(5,2) DEFAULT -1.50,
  b_true tinyint(1) DEFAULT 1,
  b_bool boolean DEFAULT TRUE,
  s_plain varchar(20) DEFAULT 'draft',
  s_quote varchar(20) DEFAULT 'it''s',
  s_backslash varchar(20) DEFAULT 'a\\b',
  s_empty varchar(20) NOT NULL DEFAULT '',
  ts_now timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  ts_upd timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  dt_now datetime(3) DEFAULT CURRENT_TIMESTAMP(3),
  d_expr date DEFAULT (CURRENT_DATE)
);
