CREATE TABLE words (
    word text COLLATE "C" NOT NULL,
    sorted varchar(50) COLLATE "POSIX"
);
