"""Schema version 2: a guardian (or a student of 14 or older) may refuse; "refused" is its own consent state.

A refusal used to be recorded as "withdrawn", which reads as if consent had once been given. SQLite cannot
change a CHECK constraint in place, so the consent history is copied to a new table with the wider CHECK (no
other table refers to ``consents``, so dropping the old one touches nothing else).

Students are identified by class and number: their ``persons.name_index`` is a keyed hash of the class and
number from now on (set by the repository, which holds the key), so two students may share a name. Rows
written before keep their name-based index; both kinds are found the same way.
"""

SQL = """
CREATE TABLE consents_v2 (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('none', 'requested', 'given', 'withdrawn', 'refused')),
    given_by TEXT CHECK (given_by IS NULL OR given_by IN ('guardian', 'self', 'guardian+self')),
    scope TEXT NOT NULL,
    note_enc BLOB,
    recorded_at TEXT NOT NULL
);
INSERT INTO consents_v2(id, person_id, status, given_by, scope, note_enc, recorded_at)
    SELECT id, person_id, status, given_by, scope, note_enc, recorded_at FROM consents;
DROP TABLE consents;
ALTER TABLE consents_v2 RENAME TO consents;
CREATE INDEX consents_by_person ON consents(person_id, id);
ALTER TABLE classes ADD COLUMN keep_until TEXT;
"""
