"""Files only this user's ipcli wrote and only it reads back: the cache of results
(ipcli.store.cache) and the record of a site's pages (ipcli.documents.sitestate).

Such a file is a format line, a keyed hash of the rest (the user's own secret key,
ipcli.store.cache.key_file) and marshal's bytes. marshal is fast, but unsafe on bytes anyone
else could have made: a file whose hash does not match — copied from another user or machine,
edited, forged, cut short — is never unmarshalled, and reads as nothing.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hashlib import blake2b
else:
    try:  # CPython's built-in hash: hashlib loads OpenSSL first (3 ms of every warm run)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - Pythons built without it
        from hashlib import blake2b

__all__ = ["MAC_SIZE", "blake2b", "read_sealed", "seal"]  # blake2b: the one import of it

MAC_SIZE = 32


def seal(form: bytes, key: bytes, value: Any) -> bytes:
    """The bytes of a sealed file holding `value` (marshal's types only: ValueError otherwise)."""
    payload = marshal.dumps(value)
    return form + blake2b(payload, digest_size=MAC_SIZE, key=key).digest() + payload


def read_sealed(file: Path, form: bytes, key: bytes) -> tuple[Any] | None:
    """(value,) of a file this user's ipcli sealed in this form; None for anything else (missing,
    unreadable, corrupt, foreign, forged, of another form)."""
    try:
        with open(file, "rb") as f:
            data = f.read()  # marshal.load(f) reads in small pieces: 10x slower
    except OSError:
        return None
    head = len(form)
    if not data.startswith(form) or len(data) < head + MAC_SIZE:
        return None
    mac, payload = data[head : head + MAC_SIZE], data[head + MAC_SIZE :]
    if blake2b(payload, digest_size=MAC_SIZE, key=key).digest() != mac:
        return None  # not written by this user's ipcli, or changed since: never unmarshalled
    try:
        return (marshal.loads(payload),)
    except (EOFError, ValueError, TypeError):  # pragma: no cover - only after a hash collision
        return None
