"""The scan store keeps each file once, whole, and refuses to hand back a file that changed."""

from __future__ import annotations

import stat

import pytest

from desk_app.store.blobs import BlobError, BlobStore


def test_same_bytes_are_stored_once_and_read_back(tmp_path):
    store = BlobStore(tmp_path / "scans")
    first = store.put(b"%PDF-1.4 page one")
    again = store.put(b"%PDF-1.4 page one")
    assert first == again == BlobStore.digest(b"%PDF-1.4 page one")
    assert list(store.hashes()) == [first]
    assert store.get(first) == b"%PDF-1.4 page one"
    assert stat.S_IMODE(store.path(first).stat().st_mode) == 0o600


def test_an_altered_file_is_refused_on_read(tmp_path):
    store = BlobStore(tmp_path / "scans")
    sha = store.put(b"original scan")
    store.path(sha).write_bytes(b"original scaN")
    with pytest.raises(BlobError, match="bị hỏng"):
        store.get(sha)


def test_a_missing_file_and_a_bad_hash_are_named(tmp_path):
    store = BlobStore(tmp_path / "scans")
    with pytest.raises(BlobError, match="Không tìm thấy"):
        store.get("a" * 64)
    with pytest.raises(BlobError, match="không hợp lệ"):
        store.path("../../etc/passwd")


def test_a_temporary_file_left_by_a_cut_write_is_not_listed_and_is_swept(tmp_path):
    store = BlobStore(tmp_path / "scans")
    sha = store.put(b"kept")
    leftover = store.path(sha).parent / f".{'b' * 64}.123.tmp"
    leftover.write_bytes(b"half")
    assert list(store.hashes()) == [sha]
    assert store.sweep_temporary() == 1
    assert not leftover.exists()
    assert store.total_bytes() == 4
