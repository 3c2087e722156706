"""Schema version 2: what a parent said and what the next scan saw.

- ``findings.removed_at``: when the parent said "I removed it" (UTC). The claim is not believed until a scan
  no longer finds the photo; until then it still counts, and it can be undone.
- ``findings.still_public_scan``: the scan that found a photo the parent had said was removed still online
  ("you said removed — still public on <date>").
- ``sources.place``: the place the parent picked it as (``kakaotalk``, ``naver_blog``…: desktop/sources/places.py),
  so the screens and recommendations name it as they do.
- ``sources.stated_visibility``: for photos the parent saved from a place Jikimi cannot read (a KakaoTalk
  profile, a closed Band, a class app), who can see them there, as the parent states it.
"""

SQL = """
ALTER TABLE findings ADD COLUMN removed_at TEXT;
ALTER TABLE findings ADD COLUMN still_public_scan INTEGER;
ALTER TABLE sources ADD COLUMN place TEXT;
ALTER TABLE sources ADD COLUMN stated_visibility TEXT;
"""
