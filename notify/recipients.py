"""Who gets which digest, from the users file (auth.users format).

Each user entry may carry `email`, `wecom_userid` (the WeCom directory's userid) and
`language` (zh | en; default: the app's default language). A dept_head gets the digest
of their departments, a committee member the company digest, marketing the pilot week;
a user with several of these roles gets each. Administrators get none.
"""
from __future__ import annotations

from dataclasses import dataclass

from i18n import LANGUAGES

KINDS = ("head", "committee", "marketing")
GROUP = "group"          # the recipient of the group robots: the company digest


@dataclass(frozen=True)
class Recipient:
    username: str
    name: str
    kind: str                              # head | committee | marketing
    lang: str
    department_ids: tuple[str, ...] = ()
    email: str = ""
    wecom_userid: str = ""


def recipients(users_config: dict, default_lang: str) -> list[Recipient]:
    out = []
    users = (users_config.get("credentials") or {}).get("usernames") or {}
    for username, entry in sorted(users.items()):
        roles = set(entry.get("roles") or ())
        name = " ".join(x for x in (entry.get("first_name"), entry.get("last_name"))
                        if x) or username
        lang = entry.get("language") if entry.get("language") in LANGUAGES else default_lang
        common = dict(username=username, name=name, lang=lang,
                      email=str(entry.get("email") or "").strip(),
                      wecom_userid=str(entry.get("wecom_userid") or "").strip())
        if "dept_head" in roles and entry.get("departments"):
            out.append(Recipient(kind="head", department_ids=tuple(
                sorted(str(d) for d in entry["departments"])), **common))
        if "committee" in roles:
            out.append(Recipient(kind="committee", **common))
        if "marketing" in roles:
            out.append(Recipient(kind="marketing", **common))
    return out


def group_recipient(default_lang: str) -> Recipient:
    """The group robots post the company digest in the app's default language."""
    return Recipient(username=GROUP, name=GROUP, kind="committee", lang=default_lang)
