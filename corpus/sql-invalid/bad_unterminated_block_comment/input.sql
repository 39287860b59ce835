CREATE TABLE t (id integer PRIMARY KEY);
/* this comment
   never ends;
CREATE TABLE hidden (id integer);
