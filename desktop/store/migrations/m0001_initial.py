"""Schema version 1. Columns ending in ``_enc`` hold AES-GCM sealed values; ``_index`` columns hold keyed
hashes for look-ups. Nothing personal is stored in plain text."""

SQL = """
CREATE TABLE app_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE classes (
    id INTEGER PRIMARY KEY,
    name_enc BLOB NOT NULL,
    school_enc BLOB,
    created_at TEXT NOT NULL
);

CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    name_index BLOB NOT NULL UNIQUE,
    name_enc BLOB NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('child', 'student', 'self')),
    age_band TEXT CHECK (age_band IS NULL OR age_band IN ('under14', '14to17', 'adult')),
    class_id INTEGER REFERENCES classes(id) ON DELETE CASCADE,
    student_number INTEGER,
    created_at TEXT NOT NULL
);

-- Consent history: the newest row per person is the consent in force.
CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('none', 'requested', 'given', 'withdrawn')),
    given_by TEXT CHECK (given_by IS NULL OR given_by IN ('guardian', 'self', 'guardian+self')),
    scope TEXT NOT NULL,
    note_enc BLOB,
    recorded_at TEXT NOT NULL
);
CREATE INDEX consents_by_person ON consents(person_id, id);

-- Face encodings used to recognise a person: from enrolment photos, confirmed findings, and
-- "not my child" answers (negative examples that tighten the person's threshold).
CREATE TABLE face_references (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    origin TEXT NOT NULL CHECK (origin IN ('enrolment', 'confirmed', 'rejected')),
    photo_index BLOB NOT NULL,
    encoding_enc BLOB NOT NULL,
    detail_enc BLOB,
    created_at TEXT NOT NULL
);
CREATE INDEX face_references_by_person ON face_references(person_id);

-- A linked source belongs to a person (their profiles) or to a class (the school's own pages).
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    person_id INTEGER REFERENCES persons(id) ON DELETE CASCADE,
    class_id INTEGER REFERENCES classes(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    target_index BLOB NOT NULL,
    target_enc BLOB NOT NULL,
    owner TEXT NOT NULL CHECK (owner IN ('self', 'parent', 'school', 'club', 'other')),
    base_url_enc BLOB,
    allow_private INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    CHECK (person_id IS NOT NULL OR class_id IS NOT NULL)
);
CREATE UNIQUE INDEX sources_unique ON sources(ifnull(person_id, 0), ifnull(class_id, 0), kind, target_index);

CREATE TABLE scans (
    id INTEGER PRIMARY KEY,
    person_id INTEGER REFERENCES persons(id) ON DELETE CASCADE,
    class_id INTEGER REFERENCES classes(id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('running', 'done', 'cancelled', 'failed')),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    risk_score INTEGER,
    risk_level TEXT CHECK (risk_level IS NULL OR risk_level IN ('low', 'medium', 'high')),
    summary_enc BLOB
);

CREATE TABLE scan_sources (
    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('pending', 'fetching', 'analysing', 'done', 'failed', 'cancelled')),
    visibility TEXT NOT NULL DEFAULT 'unknown',
    photos_found INTEGER NOT NULL DEFAULT 0,
    photos_checked INTEGER NOT NULL DEFAULT 0,
    error_code TEXT,
    detail_enc BLOB,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (scan_id, source_id)
);

-- A photo seen at a source. Its bytes are never kept; only a keyed hash of them.
CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    url_index BLOB NOT NULL,
    image_url_enc BLOB NOT NULL,
    post_url_enc BLOB,
    meta_enc BLOB,
    visibility TEXT NOT NULL DEFAULT 'unknown',
    content_index BLOB,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed', 'skipped')),
    error_code TEXT,
    first_seen_scan INTEGER,
    last_seen_scan INTEGER,
    UNIQUE (source_id, url_index)
);
CREATE INDEX photos_by_content ON photos(content_index);

CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    face_number INTEGER NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('match', 'possible')),
    distance REAL NOT NULL,
    detail_enc BLOB,
    thumbnail_enc BLOB,
    review TEXT NOT NULL DEFAULT 'open' CHECK (review IN ('open', 'confirmed', 'not_me', 'removed')),
    first_seen_scan INTEGER NOT NULL,
    last_seen_scan INTEGER NOT NULL,
    gone_since_scan INTEGER,
    UNIQUE (person_id, photo_id, face_number)
);

-- Face analysis per image content (keyed hash of the bytes): an unchanged or reposted photo is analysed once.
CREATE TABLE face_cache (
    content_index BLOB PRIMARY KEY,
    engine_version TEXT NOT NULL,
    analysis_enc BLOB NOT NULL,
    created_at TEXT NOT NULL
);

-- Conditional-request validators per URL, so a re-scan downloads nothing that did not change.
CREATE TABLE http_cache (
    url_index BLOB PRIMARY KEY,
    validators_enc BLOB NOT NULL,
    content_index BLOB,
    fetched_at TEXT NOT NULL
);

CREATE TABLE recommendation_progress (
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    recommendation_id TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (person_id, recommendation_id)
);

CREATE TABLE checklist_progress (
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (person_id, item_id)
);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    person_id INTEGER REFERENCES persons(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('open', 'reported', 'closed')),
    detail_enc BLOB NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE case_events (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    detail_enc BLOB NOT NULL,
    occurred_at TEXT NOT NULL
);

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    case_id INTEGER REFERENCES cases(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES persons(id) ON DELETE CASCADE,
    finding_id INTEGER REFERENCES findings(id) ON DELETE SET NULL,
    record_enc BLOB NOT NULL,
    record_sha256 TEXT NOT NULL,
    kept_image_enc BLOB,
    captured_at TEXT NOT NULL
);
"""
