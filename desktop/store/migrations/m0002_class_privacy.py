"""Schema: what keeps one student's results from the teacher.

- ``class_overviews``: the class overview as it stood when a class audit finished (sealed, already
  suppressed: hidden cells hold no value). The dashboard shows this snapshot only, so an edit between audits (an
  age band, a consent change) never moves a number the teacher could difference. ``members_enc``: which students
  it counts (ids), so a new one is stored only when 0 or at least 3 students joined or left. A withdrawal clears
  ``overview_enc`` and keeps the members.
- ``family_codes``: one code per student's family (sealed). Family reports are PDFs encrypted with it (AES-256);
  student-level commands ask for it. ``issued_at`` is when its slip was printed.
- ``class_exports``: every family report file written, with its SHA-256, so a withdrawal can delete it (or list
  it for deletion when it was moved or changed).
"""

SQL = """
CREATE TABLE class_overviews (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    overview_enc BLOB,
    members_enc BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX class_overviews_by_class ON class_overviews(class_id);

CREATE TABLE family_codes (
    person_id INTEGER PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
    code_enc BLOB NOT NULL,
    issued_at TEXT NOT NULL
);

CREATE TABLE class_exports (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    path_enc BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX class_exports_by_person ON class_exports(person_id);
"""
