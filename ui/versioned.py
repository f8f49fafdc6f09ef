"""Caches keyed on the data version, so that every process agrees (data_access.data_version).

`@cached(ttl=...)` is st.cache_data with the database's data version as one more part of
the key. The version is read once at the start of every script run (`begin_run`, called by
app.py) and kept in the session's state for that run: an import, a sync or a settings change
made through any process (or `manage.py`) is seen by every session's next run, in every
process, instead of after the TTL. The first run of a process that sees a newer version also
empties the process's caches, so entries of older versions do not sit in memory until their
TTL ends.

The version of the run is kept in a thread-local, set by `begin_run` and cleared by
`end_run` (app.py wraps every run in both): a script run executes on its session's script
thread from start to end. A run that did not go through app.py (a page run on its own in a
test, a fragment's rerun) reads the version from the database at each cached call.
"""
from __future__ import annotations

import functools
import threading

import streamlit as st

from data_access import data_version

_lock = threading.Lock()
_newest_seen = 0                  # in this process
_run = threading.local()          # .version: the version of the run on this thread


def _engine():
    from .session import engine
    return engine()


def begin_run() -> int:
    """Read the version for this run; a version newer than any this process has seen
    empties the process's caches (their entries belong to older versions)."""
    global _newest_seen
    version = data_version.read(_engine())
    with _lock:
        newer = version > _newest_seen
        if newer:
            stale = _newest_seen > 0
            _newest_seen = version
    if newer and stale:
        st.cache_data.clear()
    _run.version = version
    return version


def end_run() -> None:
    _run.version = None


def in_run() -> bool:
    return getattr(_run, "version", None) is not None


def current() -> int:
    """The version of this run (read from the database outside a run begun by app.py)."""
    version = getattr(_run, "version", None)
    return version if version is not None else data_version.read(_engine())


def after_write() -> None:
    """This process changed the data: the rest of this run reads at the new version."""
    st.cache_data.clear()
    if in_run():
        _run.version = data_version.read(_engine())


def cached(ttl: float | None = None, **options):
    """st.cache_data(ttl=..., show_spinner=False, **options), keyed on the data version too."""
    def decorate(func):
        @functools.wraps(func)        # the cache's own key: this function's name and source
        def keyed(*args, data_version: int, **kwargs):
            return func(*args, **kwargs)

        store = st.cache_data(ttl=ttl, show_spinner=False, **options)(keyed)

        @functools.wraps(func)
        def call(*args, **kwargs):
            return store(*args, data_version=current(), **kwargs)

        call.clear = store.clear
        return call
    return decorate
