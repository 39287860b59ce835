-- café in Latin-1
CREATE TABLE menu (id integer PRIMARY KEY, dish text DEFAULT 'crème');
