"""The SQLite crawl-state store: one file, ``state.sqlite3``, in the state folder.

Writes are committed in small batches (and at close): a crash loses at most the last batch of
``last_seen`` updates, never the file's consistency (SQLite's journal sees to that). A batch is
held in memory and written in one short transaction, so that the processes of one crawl
(``--processes N``) take turns at the file's write lock instead of waiting out each other's
batches.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import astuple, fields
from pathlib import Path
from typing import Any

from zonenews.state import ArticleState, StateError

FILENAME = "state.sqlite3"
# Seconds a process waits for another's write to end before the crawl gives up on the state.
_LOCK_WAIT = 60.0
_COLUMNS = [f.name for f in fields(ArticleState)]
_SCHEMA = f"""
create table if not exists articles ({", ".join(c + " text" for c in _COLUMNS)},
    primary key (url));
create table if not exists crawls (site text, crawl_id text, summary text,
    primary key (site, crawl_id));
"""


class SqliteStateStore:
    def __init__(self, folder: Path | str, batch: int = 200) -> None:
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                folder / FILENAME, isolation_level="DEFERRED", timeout=_LOCK_WAIT
            )
            self._db.executescript(_SCHEMA)
            self._db.execute("select count(*) from articles").fetchone()
        except sqlite3.DatabaseError as error:
            raise StateError(
                f"the crawl state in {folder} cannot be read ({error}); move {FILENAME} away "
                "to start afresh (the next crawl then fetches every article as new)"
            ) from error
        except OSError as error:
            raise StateError(f"the state folder {folder} cannot be used: {error}") from error
        self._pending: dict[str, ArticleState] = {}
        self._batch = batch

    def get(self, url: str) -> ArticleState | None:
        if url in self._pending:
            return self._pending[url]
        row = self._db.execute(
            f"select {', '.join(_COLUMNS)} from articles where url = ?", (url,)
        ).fetchone()
        return ArticleState(*row) if row else None

    def put(self, state: ArticleState) -> None:
        self._pending[state.url] = state
        if len(self._pending) >= self._batch:
            self.commit()

    def last_crawl(self, site: str) -> dict[str, Any] | None:
        row = self._db.execute(
            "select summary from crawls where site = ? order by crawl_id desc limit 1", (site,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def record_crawl(self, site: str, crawl_id: str, summary: dict[str, Any]) -> None:
        self._db.execute(
            "insert or replace into crawls values (?, ?, ?)",
            (site, crawl_id, json.dumps(summary, default=str)),
        )
        self.commit()

    def crawls(self, last: int) -> dict[str, list[tuple[str, dict[str, Any]]]]:
        rows = self._db.execute(
            "select site, crawl_id, summary from (select site, crawl_id, summary, row_number() "
            "over (partition by site order by crawl_id desc) as age from crawls) "
            "where age <= ? order by site, crawl_id",
            (last,),
        ).fetchall()
        history: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for site, crawl_id, summary in rows:
            history.setdefault(site, []).append((crawl_id, json.loads(summary)))
        return history

    def commit(self) -> None:
        if self._pending:
            marks = ", ".join("?" for _ in _COLUMNS)
            self._db.executemany(
                f"insert or replace into articles values ({marks})",
                [astuple(state) for state in self._pending.values()],
            )
            self._pending.clear()
        self._db.commit()

    def rollback(self) -> None:
        self._db.rollback()
        self._pending.clear()

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self._db.close()
