"""No SQL outside ``desktop/store/``: the schema is known to the repositories only, so a change to a table is a
change to one package (docs/architecture.md). This reads the source, so a query added anywhere else fails here
with its file and line, whatever the import layers allow."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import desktop

DESKTOP = Path(desktop.__file__).parent
STORE = DESKTOP / "store"

# A string that starts like a statement (implicitly joined literals are one string to the parser).
SQL_TEXT = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|REPLACE|WITH\s+\w+\s+AS)\b")
# The calls that run SQL on a sqlite3 connection or on the store's Database.
SQL_CALLS = {"execute", "executemany", "executescript", "query", "query_one"}
# ``count`` is everywhere (lists, strings): on the Database it runs SQL, and a transaction opened there is SQL
# run by hand (what is written together is the repository's to say).
DATABASE_ONLY_CALLS = {"count", "transaction"}


def _receiver_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def sql_in(source: str) -> list[tuple[int, str]]:
    """(line, what) for every piece of SQL in a module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        text = None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            text = str(node.values[0].value)
        if text is not None and SQL_TEXT.match(text):
            found.append((node.lineno, f"SQL text {text.strip().splitlines()[0][:60]!r}"))
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module]
            if "sqlite3" in modules:
                found.append((node.lineno, "import sqlite3"))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method, receiver = node.func.attr, _receiver_name(node.func.value)
            if method in SQL_CALLS or (method in DATABASE_ONLY_CALLS and receiver.endswith("db")):
                found.append((node.lineno, f"{receiver}.{method}(…)"))
    return sorted(set(found))


def modules_outside_the_store() -> list[Path]:
    return sorted(path for path in DESKTOP.rglob("*.py") if STORE not in path.parents)


def test_no_module_outside_the_store_runs_sql():
    offenders = [
        f"{path.relative_to(DESKTOP.parent)}:{line}: {what}"
        for path in modules_outside_the_store()
        for line, what in sql_in(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "SQL outside desktop/store/ (move it into a repository there):\n" + "\n".join(offenders)


def test_the_check_finds_each_way_sql_is_written():
    source = '''
def counts(workspace, conn, person_id):
    rows = workspace.db.query("SELECT DISTINCT person_id FROM face_references")
    one = workspace.db.query_one(
        "SELECT count(*) FROM sources"
        " WHERE person_id = ?", (person_id,))
    conn.execute(f"DELETE FROM {table} WHERE id = ?", (1,))
    conn.executemany(SQL, [])
    workspace.db.count(SQL)
    sql = "INSERT INTO photos(id) VALUES (?)"
    with workspace.db.transaction() as conn:
        import sqlite3
    return "PRAGMA user_version"
'''
    assert [line for line, _ in sql_in(source)] == [3, 3, 4, 5, 7, 7, 8, 9, 10, 11, 12, 13]


def test_the_check_leaves_ordinary_code_alone():
    source = '''
"""Select the photos to blur; update the summary when a face is kept."""
names = ["a", "b"]
total = names.count("a")
label = "Select a folder"
dialog.exec()
'''
    assert sql_in(source) == []


def test_the_store_is_where_the_sql_is():
    """The check reads the right folder: the repositories are full of SQL, and none of it is reported."""
    assert any(sql_in(path.read_text(encoding="utf-8")) for path in STORE.rglob("*.py"))
    assert not any(STORE in path.parents for path in modules_outside_the_store())
