"""The import walk: links out of the folder, hostile names, unreadable folders, odd files."""

from __future__ import annotations

import os

import pytest

from diarium import cli
from index.importing.importer import import_paths
from index.search.query import search
from index.store import Store
from index.importing.walk import shown, walk

TEXT = "Tjänsteskrivelse\nDnr KS 2023/{n}\nBidrag till föreningen om {n} 000 kronor beslutas.\n"


@pytest.fixture()
def archive(tmp_path):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "a.txt").write_text(TEXT.format(n=1), encoding="utf-8")
    (docs / "sub" / "b.txt").write_text(TEXT.format(n=2), encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.txt").write_text("root:x:0:0:hemlig rad:/root:/bin/bash\n", encoding="utf-8")
    return docs, outside


def test_links_out_of_the_folder_are_skipped_with_a_reason(archive, tmp_path):
    docs, outside = archive
    os.symlink(outside / "passwd.txt", docs / "passwd.txt")
    os.symlink(outside, docs / "utanför")
    os.symlink(docs / "sub" / "b.txt", docs / "inne.txt")      # inside: read, a duplicate
    os.symlink(tmp_path / "borta.txt", docs / "trasig.txt")     # broken
    summary = import_paths([docs], tmp_path / "index", workers=1)
    skipped = {os.path.basename(s["path"]): s["reason"] for s in summary.skipped}
    assert "outside the imported folder" in skipped["passwd.txt"]
    assert "outside the imported folder" in skipped["utanför"]
    assert skipped["trasig.txt"] == "broken symbolic link"
    assert summary.counts["imported"] == 2 and summary.counts["duplicate"] == 1
    assert search(tmp_path / "index", "hemlig rad").total == 0
    with Store(tmp_path / "index") as store:
        row = store.file(shown(docs / "passwd.txt"))
        assert row.status == "skipped" and "outside" in row.reason


def test_names_that_are_not_utf8_or_hold_control_characters(archive, tmp_path, capsys):
    docs, _outside = archive
    raw = os.fsencode(docs) + b"/ans\xf6kan.txt"           # latin-1 ö: not UTF-8
    with open(raw, "wb") as handle:
        handle.write(TEXT.format(n=3).encode("utf-8"))
    (docs / "rad\nbryt\x1b[31m.txt").write_text(TEXT.format(n=4), encoding="utf-8")
    (docs / "tom\x07.txt").write_bytes(b"")
    code = cli.main(["import", str(docs), "--index", str(tmp_path / "index"), "--workers", "1"])
    out, err = capsys.readouterr()
    assert code == 1  # the empty file failed, alone
    assert "4 imported" in out and "1 failed" in out
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "tom\\x07.txt: empty file" in out
    with Store(tmp_path / "index") as store:
        names = {os.path.basename(f.path) for f in store.files()}
    assert {"ans\\xf6kan.txt", "rad\\nbryt\\x1b[31m.txt"} <= names


def test_unreadable_subfolder_is_reported_and_the_rest_imported(archive, tmp_path, monkeypatch):
    docs, _outside = archive
    locked = docs / "låst"
    locked.mkdir()
    (locked / "c.txt").write_text(TEXT.format(n=5), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):  # as a folder without read permission answers (root reads anything)
        if os.fspath(path) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    summary = import_paths([docs], tmp_path / "index", workers=1)
    assert summary.counts["imported"] == 2
    assert summary.failures == [{"path": shown(locked), "reason": "folder could not be read: Permission denied"}]


def test_special_files_are_skipped_not_read(archive, tmp_path):
    docs, _outside = archive
    os.mkfifo(docs / "rör.txt")  # reading it would block the import for ever
    summary = import_paths([docs], tmp_path / "index", workers=1)
    assert {"path": shown(docs / "rör.txt"), "reason": "not a regular file"} in summary.skipped
    assert summary.counts["imported"] == 2


def test_a_failure_is_reported_under_the_users_path(archive, tmp_path):
    docs, _outside = archive
    (docs / "sub" / "tom.txt").write_bytes(b"")
    os.symlink(docs / "sub" / "tom.txt", docs / "länk.txt")
    summary = import_paths([docs], tmp_path / "index", workers=1)
    paths = {f["path"] for f in summary.failures}
    assert shown(docs / "länk.txt") in paths
    assert all("länk.txt" in f["reason"] or "tom.txt" not in f["reason"] for f in summary.failures
               if f["path"] == shown(docs / "länk.txt"))


def test_walk_reports_skipped_folders_and_files_in_order(archive):
    docs, outside = archive
    os.symlink(outside, docs / "länk")
    (docs / "bild.xyz").write_text("x", encoding="utf-8")
    found = [(os.path.relpath(f.path, docs), f.status) for f in walk([docs])]
    assert found == [("länk", "skipped"), ("a.txt", "file"), ("bild.xyz", "skipped"), ("sub/b.txt", "file")]
