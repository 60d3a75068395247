"""Backup files encrypted and authenticated, written and read a chunk at a time.

A backup holds every child's record, so it is encrypted with a key kept apart from it
(``CHILDFIRST_BACKUP_KEY``: 32 random bytes, URL-safe base64) and authenticated, so a
changed, truncated or re-ordered file is refused rather than restored. The cipher is
AES-256-GCM from the ``cryptography`` package (no cryptography of our own). GCM
authenticates one message held whole in memory; a database dump can be larger than
memory, so the file is split into 1 MiB chunks, each encrypted on its own, with the
chunk's number and a "last chunk" flag in its nonce (the STREAM construction of Hoang,
Reyhanitabar, Rogaway and Vizár, 2015, as age and Tink use it): a chunk moved, dropped or
cut off the end fails its check.

The file::

    header  = b"CFBACKUP" | version (1 byte) | salt (16) | nonce prefix (7) | key check (16)
    chunk   = last (1 byte: 0 or 1) | length (4, big-endian) | ciphertext and tag

The AES key and the key check are derived from the key and the salt with HKDF-SHA256, so
a wrong key is told apart from a damaged file before anything is decrypted. The header is
authenticated with every chunk.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"CFBACKUP"
VERSION = 1
CHUNK_BYTES = 1 << 20
KEY_VARIABLE = "CHILDFIRST_BACKUP_KEY"
_HEADER = struct.Struct(">8sB16s7s16s")
_CHUNK = struct.Struct(">BI")
_TAG_BYTES = 16


class BackupKeyError(Exception):
    """The key is missing, malformed or not the one the file was made with."""


class DamagedBackup(Exception):
    """The file is not a ChildFirst backup, or was changed or cut short."""


def new_key() -> str:
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()


def key_from_environment() -> bytes:
    text = os.environ.get(KEY_VARIABLE, "").strip()
    if not text:
        raise BackupKeyError(
            f"{KEY_VARIABLE} is not set: backups are encrypted with it. "
            "'childfirst backup --generate-key' makes one; keep it apart from the backups."
        )
    try:
        key = base64.urlsafe_b64decode(text)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise BackupKeyError(
            f"{KEY_VARIABLE} is not a backup key: it must be 32 bytes in URL-safe base64 "
            "(44 characters), as 'childfirst backup --generate-key' makes."
        )
    return key


def _derive(key: bytes, salt: bytes) -> tuple[bytes, bytes]:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=48, salt=salt, info=b"childfirst backup v1"
    ).derive(key)
    return derived[:32], derived[32:]


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A binary file-like object: what is written to it goes to ``out`` encrypted.
    :meth:`finish` writes the last chunk; a file without it is refused as cut short."""

    def __init__(self, out: BinaryIO, key: bytes) -> None:
        salt, self._prefix = os.urandom(16), os.urandom(7)
        aes_key, check = _derive(key, salt)
        self._aead = AESGCM(aes_key)
        self._header = _HEADER.pack(MAGIC, VERSION, salt, self._prefix, check)
        self._out = out
        self._out.write(self._header)
        self._buffer = bytearray()
        self._counter = 0

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK_BYTES:
            self._emit(bytes(self._buffer[:CHUNK_BYTES]), last=False)
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def _emit(self, plain: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._counter, last)
        sealed = self._aead.encrypt(nonce, plain, self._header)
        self._out.write(_CHUNK.pack(int(last), len(sealed)) + sealed)
        self._counter += 1

    def finish(self) -> None:
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()


class DecryptingReader:
    """A binary file-like object reading ``source``'s plain text, each chunk checked
    before any of it is returned. Raises :class:`BackupKeyError` at once for a wrong key,
    :class:`DamagedBackup` at the first chunk that fails."""

    def __init__(self, source: BinaryIO, key: bytes) -> None:
        self._source = source
        header = source.read(_HEADER.size)
        if len(header) != _HEADER.size or not header.startswith(MAGIC):
            raise DamagedBackup("it is not a ChildFirst backup file")
        _, version, salt, self._prefix, check = _HEADER.unpack(header)
        if version != VERSION:
            raise DamagedBackup(f"it is of backup format {version}, which this version cannot read")
        aes_key, expected = _derive(key, salt)
        if not hmac.compare_digest(check, expected):
            raise BackupKeyError(
                f"{KEY_VARIABLE} is not the key this backup was made with: nothing was restored."
            )
        self._aead = AESGCM(aes_key)
        self._header = header
        self._counter = 0
        self._plain = bytearray()
        self._ended = False

    def _next_chunk(self) -> None:
        frame = self._source.read(_CHUNK.size)
        if len(frame) < _CHUNK.size:
            raise DamagedBackup(f"it ends part-way: chunk {self._counter + 1} is missing")
        last, length = _CHUNK.unpack(frame)
        if last not in (0, 1) or length > CHUNK_BYTES + _TAG_BYTES:
            raise DamagedBackup(f"chunk {self._counter + 1} has been changed")
        sealed = self._source.read(length)
        if len(sealed) < length:
            raise DamagedBackup(f"it ends part-way, in chunk {self._counter + 1}")
        try:
            plain = self._aead.decrypt(
                _nonce(self._prefix, self._counter, bool(last)), sealed, self._header
            )
        except InvalidTag:
            raise DamagedBackup(f"chunk {self._counter + 1} has been changed") from None
        self._counter += 1
        self._plain += plain
        if last:
            if self._source.read(1):
                raise DamagedBackup("there is more after its last chunk")
            self._ended = True

    def read(self, size: int = -1) -> bytes:
        while not self._ended and (size < 0 or len(self._plain) < size):
            self._next_chunk()
        if size < 0:
            size = len(self._plain)
        data = bytes(self._plain[:size])
        del self._plain[:size]
        return data

    def read_to_end(self) -> None:
        """Check the rest of the file (what the archive did not need to read)."""
        while not self._ended:
            self._next_chunk()
            self._plain.clear()
