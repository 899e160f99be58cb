"""The embedded backend: an on-disk SQLite FTS5 index, ranked by BM25, with no server.

FTS5 stores the tokens of ``search.text`` (the cjk analyzer's), one column per text
field, weighted like the Elasticsearch query; without positions (``detail=column``), as
no query needs phrases, which keeps the index smaller. Filters and facets read a plain
table beside it. A rebuild writes a new file and moves it into place; every search checks
the file it has open is still the current one, so no process keeps reading a stale one.
"""

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from ..documents import TEXT_FIELDS
from ..query import Query
from ..text import tokens
from .base import Hit, Result, SearchBackend

# bm25() weights, in the order of TEXT_FIELDS: the title counts most.
WEIGHTS = (10.0, 4.0, 2.0, 1.0, 1.0)
FACET_LIMIT = 50
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY, agency INTEGER, division INTEGER, doc_type TEXT,
    year INTEGER, issued_on TEXT, doc_number_key TEXT
);
CREATE TABLE IF NOT EXISTS sources (id INTEGER PRIMARY KEY, source TEXT);
CREATE INDEX IF NOT EXISTS docs_date ON docs (issued_on DESC, id DESC);
CREATE INDEX IF NOT EXISTS docs_doc_number ON docs (doc_number_key);
CREATE TABLE IF NOT EXISTS terms (doc_id INTEGER, field TEXT, value TEXT);
CREATE INDEX IF NOT EXISTS terms_value ON terms (field, value, doc_id);
CREATE INDEX IF NOT EXISTS terms_doc ON terms (doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    {", ".join(TEXT_FIELDS)}, tokenize = "unicode61 remove_diacritics 0"
);
"""


def _match_expression(query_tokens) -> str:
    # Every token must occur (FTS5's implicit AND); a lone character matches the pairs
    # it starts, so a one-character query still finds something.
    parts = []
    for token in query_tokens:
        quoted = '"' + token.replace('"', '""') + '"'
        parts.append(quoted + "*" if len(token) == 1 and not token.isascii() else quoted)
    return " ".join(parts)


def _row(document: dict) -> tuple:
    return (
        document["id"],
        document["agency"]["id"],
        document["division"]["id"],
        document["doc_type"],
        document["year"],
        document["issued_on"],
        document["doc_number_key"],
    )


def _source(document: dict) -> str:
    # The normalized copies live in the full-text table; results show the originals.
    return json.dumps(
        {k: v for k, v in document.items() if not k.endswith("_n")}, ensure_ascii=False
    )


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    def __init__(self, path: str):
        self.path = Path(path)
        self._local = threading.local()

    # ---- connections ------------------------------------------------------------------

    def _open(self, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA temp_store = MEMORY")
        connection.executescript(SCHEMA)
        return connection

    def _connection(self) -> sqlite3.Connection:
        local = self._local
        try:
            inode = os.stat(self.path).st_ino
        except FileNotFoundError:
            inode = None
        if getattr(local, "connection", None) is None or local.inode != inode:
            if getattr(local, "connection", None) is not None:
                local.connection.close()
            local.connection = self._open(self.path)
            local.inode = os.stat(self.path).st_ino
        return local.connection

    # ---- writing ----------------------------------------------------------------------

    @staticmethod
    def _write(connection: sqlite3.Connection, documents: Iterable[dict]) -> int:
        count = 0
        for document in documents:
            doc_id = document["id"]
            connection.execute("DELETE FROM fts WHERE rowid = ?", (doc_id,))
            connection.execute("DELETE FROM terms WHERE doc_id = ?", (doc_id,))
            connection.execute(
                "INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)", _row(document)
            )
            # Kept apart, so the rows that filters and facets read stay small.
            connection.execute(
                "INSERT OR REPLACE INTO sources VALUES (?, ?)", (doc_id, _source(document))
            )
            connection.execute(
                f"INSERT INTO fts (rowid, {', '.join(TEXT_FIELDS)}) VALUES (?, ?, ?, ?, ?, ?)",
                (doc_id, *(" ".join(tokens(document[f"{name}_n"])) for name in TEXT_FIELDS)),
            )
            terms = [(doc_id, "topic", topic) for topic in document["topics"]]
            terms += [(doc_id, "plugin", term) for term in document["plugin_terms"]]
            connection.executemany("INSERT INTO terms VALUES (?, ?, ?)", terms)
            count += 1
        return count

    def index_documents(self, documents: Iterable[dict]) -> int:
        connection = self._connection()
        with connection:
            connection.execute("BEGIN IMMEDIATE")
            return self._write(connection, documents)

    def delete_documents(self, ids: Iterable[int]) -> None:
        connection = self._connection()
        with connection:
            connection.execute("BEGIN IMMEDIATE")
            for doc_id in ids:
                for table, column in (
                    ("fts", "rowid"),
                    ("terms", "doc_id"),
                    ("docs", "id"),
                    ("sources", "id"),
                ):
                    connection.execute(f"DELETE FROM {table} WHERE {column} = ?", (doc_id,))

    def rebuild(
        self, documents: Iterable[dict], on_progress: Callable[[int], None] | None = None
    ) -> int:
        fresh = self.path.with_name(self.path.name + ".rebuild")
        fresh.unlink(missing_ok=True)
        connection = self._open(fresh)
        # A new file that replaces the index only when complete: no journal is needed,
        # and segments are merged once at the end ("optimize") rather than on the way.
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA cache_size = -131072")
        connection.execute("INSERT INTO fts (fts, rank) VALUES ('automerge', 0)")
        count, batch = 0, []
        try:
            for document in documents:
                batch.append(document)
                if len(batch) == 500:
                    count += self._write_batch(connection, batch, on_progress)
                    batch = []
            count += self._write_batch(connection, batch, on_progress)
            connection.execute("INSERT INTO fts (fts) VALUES ('optimize')")
            connection.execute("INSERT INTO fts (fts, rank) VALUES ('automerge', 4)")
        finally:
            connection.close()
        # Readers that have the old file open keep reading it until their next search.
        os.replace(fresh, self.path)
        return count

    def _write_batch(self, connection, batch, on_progress) -> int:
        if not batch:
            return 0
        with connection:
            connection.execute("BEGIN")
            written = self._write(connection, batch)
        if on_progress:
            on_progress(written)
        return written

    def reset(self) -> None:
        connection = self._connection()
        with connection:
            connection.execute("BEGIN IMMEDIATE")
            for table in ("fts", "terms", "docs", "sources"):
                connection.execute(f"DELETE FROM {table}")

    # ---- searching --------------------------------------------------------------------

    @staticmethod
    def _filters(query: Query) -> tuple[list[str], list]:
        conditions, params = [], []
        f = query.filters
        for name in ("agency", "division", "doc_type"):
            if name in f:
                conditions.append(f"d.{name} = ?")
                params.append(f[name])
        if "year_from" in f:
            conditions.append("d.year >= ?")
            params.append(f["year_from"])
        if "year_to" in f:
            conditions.append("d.year <= ?")
            params.append(f["year_to"])
        terms = [("topic", f["topic"])] if "topic" in f else []
        terms += [("plugin", term) for term in f.get("plugin_terms", ())]
        for field, value in terms:
            conditions.append("d.id IN (SELECT doc_id FROM terms WHERE field = ? AND value = ?)")
            params += [field, value]
        return conditions, params

    def search(self, query: Query) -> Result:
        connection = self._connection()
        conditions, params = self._filters(query)
        where = "".join(f" AND {c}" for c in conditions)
        # A keyed table: the facet joins look rows up in it by id.
        # The facet columns are copied in, so counting reads only this table.
        connection.execute(
            "CREATE TEMP TABLE IF NOT EXISTS matched (id INTEGER PRIMARY KEY, score REAL, "
            "agency INTEGER, division INTEGER, doc_type TEXT, year INTEGER, issued_on TEXT)"
        )
        connection.execute("DELETE FROM temp.matched")
        if query.tokens:
            weights = ", ".join(str(w) for w in WEIGHTS)
            # Match first (materialized), then join: SQLite would otherwise walk docs
            # and run the full-text match once per row.
            connection.execute(
                "INSERT INTO matched WITH f AS MATERIALIZED ("
                f"SELECT rowid AS id, bm25(fts, {weights}) AS score FROM fts WHERE fts MATCH ?) "
                "SELECT d.id, f.score, d.agency, d.division, d.doc_type, d.year, d.issued_on "
                "FROM f JOIN docs d ON d.id = f.id "
                f"WHERE 1{where}",
                [_match_expression(query.tokens), *params],
            )
        else:
            connection.execute(
                "INSERT INTO matched SELECT d.id, 0.0, d.agency, d.division, d.doc_type, "
                f"d.year, d.issued_on FROM docs d WHERE 1{where}",
                params,
            )
        total = connection.execute("SELECT count(*) FROM matched").fetchone()[0]
        if query.sort == "relevance":
            # The document whose number the query names comes first.
            exact = (
                [
                    row[0]
                    for row in connection.execute(
                        "SELECT id FROM docs WHERE doc_number_key IN "
                        f"({','.join('?' * len(query.doc_numbers))})",
                        query.doc_numbers,
                    )
                ]
                if query.doc_numbers
                else []
            )
            order = f"(m.id IN ({','.join(map(str, exact)) or 'NULL'})) DESC, m.score, m.id"
        else:
            order = "m.issued_on DESC, m.id DESC"
        # Order the narrow match table first; only the page's rows fetch their source.
        page = connection.execute(
            f"SELECT m.id, m.score FROM matched m ORDER BY {order} LIMIT ? OFFSET ?",
            [query.limit, query.offset],
        ).fetchall()
        sources = (
            dict(
                connection.execute(
                    f"SELECT id, source FROM sources WHERE id IN ({','.join('?' * len(page))})",
                    [doc_id for doc_id, _ in page],
                )
            )
            if page
            else {}
        )
        rows = [(doc_id, score, sources[doc_id]) for doc_id, score in page]
        hits = [Hit(id=row[0], score=-row[1], source=json.loads(row[2])) for row in rows]
        return Result(total=total, hits=hits, facets=self._facets(connection))

    @staticmethod
    def _facets(connection) -> dict[str, list[tuple]]:
        facets = {}
        for name in ("agency", "division", "doc_type", "year"):
            facets[name] = connection.execute(
                f"SELECT {name}, count(*) FROM matched "
                f"GROUP BY {name} ORDER BY 2 DESC, 1 LIMIT {FACET_LIMIT}"
            ).fetchall()
        for name in ("topic", "plugin"):
            facets[name] = connection.execute(
                "SELECT t.value, count(*) FROM matched m JOIN terms t ON t.doc_id = m.id "
                f"WHERE t.field = ? GROUP BY t.value ORDER BY 2 DESC, 1 LIMIT {FACET_LIMIT}",
                (name,),
            ).fetchall()
        return facets
