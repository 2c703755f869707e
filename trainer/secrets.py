"""Database passwords never reach a screen, a log or an error message.

Masking happens where text leaves the program (the command line's error output, the app's
crash message and log), so a message built anywhere, with a URL in it, is safe.
"""

from __future__ import annotations

import re

MASK = "***"

# user:password@host in any URL-ish text, a mistyped one too ("postgresql ://u:p@h"). The
# password runs to the LAST "@" before the host, so an unencoded "@" in it is masked whole.
_USERINFO = re.compile(
    r"(?<=//)(?P<user>[^\s:/@'\"]*):(?P<password>[^\s/'\"]*)@(?P<host>[^\s@/'\"]+)"
)
# A host name quoted back by a driver with part of a password in front of it: an unencoded
# "@" in the password makes "S3cr3t@Pa55@db" resolve host "Pa55@db".
_QUOTED_HOST = re.compile(r"(?<=['\"])[^'\"\s@/:]+@(?=[^'\"\s@]+['\"])")
# password=... in a query string or a libpq keyword/value string.
_KEYWORD = re.compile(r"(?i)(?P<key>\b(?:password|passwd|pwd)\s*=\s*)(?P<value>[^&\s'\"]+)")


def mask(text: str) -> str:
    """`text` with every password in a database URL or connection string replaced."""
    text = _KEYWORD.sub(lambda m: m.group("key") + MASK, text)
    text = _QUOTED_HOST.sub(MASK + "@", text)
    return _USERINFO.sub(lambda m: f"{m.group('user')}:{MASK}@{m.group('host')}", text)
