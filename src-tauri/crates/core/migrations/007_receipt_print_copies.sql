-- Print copies of receipt pictures, made once when the receipt is attached, so a claim pack
-- embeds them without decoding and shrinking every phone photo again (a 50-photo pack went
-- from about 9.5 s to well under a second). A copy is derived data, not part of the claim:
-- it lives beside the receipt rather than in it, so the frozen receipts are never touched,
-- and it goes when its receipt goes.
CREATE TABLE receipt_print_copies (
    receipt_id INTEGER PRIMARY KEY REFERENCES receipts(id) ON DELETE CASCADE,
    format     TEXT    NOT NULL CHECK (format IN ('jpeg', 'png')),
    width      INTEGER NOT NULL CHECK (width > 0),
    height     INTEGER NOT NULL CHECK (height > 0),
    bytes      BLOB    NOT NULL
);
