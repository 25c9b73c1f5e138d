"""Size limits and junk characters: enforced before the work, stated in one line."""

from __future__ import annotations

import pytest

from extractor import readers
from extractor.errors import UnreadableDocument
from index.importer import import_paths
from index.store import Store

TEXT = "Tjänsteskrivelse\nDnr KS 2023/77\nBidrag till föreningen om 5 000 kronor beslutas.\n"


def test_nul_characters_after_the_first_kilobytes_are_not_stored(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "nul.txt").write_bytes(TEXT.encode() + b"x" * 5000 + b"\x00" * 200_000 + "Slut.".encode())
    summary = import_paths([folder], tmp_path / "index", workers=1)
    assert summary.counts["imported"] == 1
    with Store(tmp_path / "index") as store:
        doc = next(store.documents())
    assert "\x00" not in doc.text and doc.text.endswith("Slut.")
    assert doc.extraction["amounts"][0]["text"] == "5 000 kronor"


def test_a_text_file_over_the_limit_fails_at_once(tmp_path, monkeypatch):
    big = tmp_path / "dump.txt"
    big.write_bytes(TEXT.encode() + b"a" * (readers.MAX_TEXT_FILE_MB * 1_000_000))
    with pytest.raises(UnreadableDocument) as caught:
        readers.read(big)
    assert f"over the limit of {readers.MAX_TEXT_FILE_MB} MB" in str(caught.value)
    summary = import_paths([big], tmp_path / "index", workers=1)
    assert summary.counts["failed"] == 1 and "over the limit" in summary.failures[0]["reason"]


def test_a_text_over_the_character_limit_is_cut_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_TEXT_CHARS", 60)  # workers are forked: they see it too
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "lang.txt").write_text(TEXT + "Mer text som inte ryms. " * 10, encoding="utf-8")
    summary = import_paths([folder], tmp_path / "index", workers=1)
    assert summary.counts["imported"] == 1
    assert summary.notes and "text cut at 60 characters" in summary.notes[0]["note"]
    with Store(tmp_path / "index") as store:
        doc = next(store.documents())
        assert len(doc.text) == 60 and doc.pages[-1]["end"] == 60
        assert "text cut" in store.files()[0].reason


def test_terminal_output_escapes_control_characters_from_documents(tmp_path, capsys):
    from diarium import cli

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "esc.txt").write_text("Tjänsteskrivelse\nDnr KS 2023/77\nBidrag till \x1b]0;titel\x07föreningen "
                                    "\x1b[2J\rKrokus\n\nBidrag om 5 000 kronor till föreningen Krokus beslutas.\n",
                                    encoding="utf-8")
    import_paths([folder], tmp_path / "index", workers=1)
    capsys.readouterr()
    for argv in (["search", "Krokus"], ["show", "KS 2023/77"], ["extract", str(folder / "esc.txt")]):
        cli.main([*argv, "--index", str(tmp_path / "index")] if argv[0] != "extract" else argv)
        out = capsys.readouterr().out
        assert "Krokus" in out and not any(c in out for c in "\x1b\x07\r"), (argv, out)
