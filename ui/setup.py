"""What visitors see when sign-in is not set up: a notice that gives nothing away (the
details of a broken users file - its path, the offending line, part of a hash - go to
the server log and, once per problem and process, to the audit log administrators read)."""
from __future__ import annotations

import hashlib
import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from data_access import audit

from .session import demo_ended, engine, tr, users_file

log = logging.getLogger("dashboard")
_reported: set[str] = set()      # problems already in the audit log (this process)


def users_file_failed(exc: Exception) -> None:
    detail = str(exc)
    digest = hashlib.sha256(detail.encode("utf-8")).hexdigest()
    if digest not in _reported:
        log.error("users file %s: %s", users_file(), detail)
        try:
            audit.record(engine(), actor=None, action="users_file.invalid",
                         details={"file": str(users_file()), "error": detail[:2000]})
            _reported.add(digest)
        except SQLAlchemyError as db_exc:       # the log line above still holds it
            log.warning("could not audit the users file problem: %s", db_exc)
    if demo_ended():
        st.error(tr("signin.demo_ended"), icon=":material/key:")
    else:
        st.error(tr("signin.users_file_broken"), icon=":material/error:")
