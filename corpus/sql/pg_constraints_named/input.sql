CREATE TABLE authors (
    id integer CONSTRAINT authors_pk PRIMARY KEY,
    email text CONSTRAINT authors_email_uq UNIQUE,
    age integer CONSTRAINT authors_age_positive CHECK (age > 0)
);
CREATE TABLE books (
    id integer NOT NULL,
    author_id integer NOT NULL CONSTRAINT books_author_fk REFERENCES authors (id),
    isbn char(13) NOT NULL,
    title text NOT NULL,
    CONSTRAINT books_pk PRIMARY KEY (id),
    CONSTRAINT books_isbn_uq UNIQUE (isbn),
    CONSTRAINT books_title_nonempty CHECK (length(title) > 0),
    CONSTRAINT books_author_title_uq UNIQUE (author_id, title)
);
