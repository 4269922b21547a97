-- A statement's file is kept whole (tens of MB for a large one). PostgreSQL compresses it with
-- pglz by default, which cost about a second of a 100,000-payment import; lz4 compresses it
-- several times faster. Files stored before keep their compression until rewritten.
ALTER TABLE bank_statements ALTER COLUMN content SET COMPRESSION lz4;
