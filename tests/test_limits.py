"""Size limits and junk characters: enforced before the work, stated in one line."""

from __future__ import annotations

import base64
import binascii
import zipfile
import zlib
from pathlib import Path

import pytest

from extractor.reading import office, pdf, readers
from extractor.errors import UnreadableDocument
from index.importing.importer import import_paths
from index.store import Store
from tests.filemaker import write_docx, write_pdf

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


# -- bombs: small files that unpack to far more than they hold --------------------------------

PAGE = b"BT /F1 12 Tf 72 770 Td (Tjansteskrivelse Dnr KS 2023/77 Bidrag om 5 000 kronor) Tj ET\n"


def _deflated(size: int, layers: int = 1) -> bytes:
    """A page's text followed by ``size`` bytes of spaces, Flate-compressed ``layers`` times,
    a megabyte at a time (the spaces are never held whole)."""
    packer = zlib.compressobj(9)
    out = [packer.compress(PAGE)]
    block = b" " * 1_000_000
    for _ in range(size // len(block)):
        out.append(packer.compress(block))
    data = b"".join(out) + packer.flush()
    for _ in range(layers - 1):
        data = zlib.compress(data, 9)
    return data


def write_pdf_bomb(path, size: int, layers: int = 1) -> int:
    """A one-page PDF whose content stream inflates to ``size`` bytes; returns the file's size."""
    stream = _deflated(size, layers)
    filters = "/FlateDecode" if layers == 1 else "[" + " ".join(["/FlateDecode"] * layers) + "]"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(stream)} /Filter {filters} >>\nstream\n".encode() + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    Path(path).write_bytes(out)
    return len(out)


def write_docx_bomb(path, size: int) -> int:
    """A Word file whose document part unpacks to over ``size`` bytes (a comment of spaces
    after the document's XML); returns the file's size."""
    plain = write_docx(path.with_suffix(".plain.docx"), "Tjänsteskrivelse", ["Dnr KS 2023/77", "Bidrag."])
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for part in source.infolist():
            with bomb.open(part.filename, "w") as out:
                out.write(source.read(part))
                if part.filename == "word/document.xml":
                    out.write(b"<!--")
                    block = b" " * 1_000_000
                    for _ in range(size // len(block)):
                        out.write(block)
                    out.write(b"-->")
    plain.unlink()
    return path.stat().st_size


def test_a_pdf_stream_that_inflates_past_the_limit_fails_before_pdfium_opens_it(tmp_path):
    size = (pdf.MAX_STREAM_MB + 50) * 1_000_000
    on_disk = write_pdf_bomb(tmp_path / "bomb.pdf", size)
    assert on_disk < size / 500
    with pytest.raises(UnreadableDocument) as caught:
        readers.read(tmp_path / "bomb.pdf")
    message = str(caught.value)
    assert message.startswith("[D101] ") and "bomb.pdf" in message and "\n" not in message
    assert f"a compressed stream (object 4) inflates to over {pdf.MAX_STREAM_MB} MB" in message


@pytest.mark.parametrize("layers", [1, 2, 3])
def test_the_pdf_check_follows_chained_flate_filters_and_lets_smaller_streams_pass(tmp_path, layers):
    write_pdf_bomb(tmp_path / "small.pdf", 3_000_000, layers)
    data = (tmp_path / "small.pdf").read_bytes()
    pdf.check_streams(tmp_path / "small.pdf", data)  # well under the limit
    with pytest.raises(UnreadableDocument, match="inflates to over 2 MB"):
        pdf.check_streams(tmp_path / "small.pdf", data, limit_mb=2)
    assert "Tjansteskrivelse" in readers.read(tmp_path / "small.pdf").text


def test_the_pdf_check_finds_the_streams_of_a_typeset_pdf(tmp_path):
    path = write_pdf(tmp_path / "typeset.pdf", TEXT * 40)
    pdf.check_streams(path, path.read_bytes())
    with pytest.raises(UnreadableDocument, match="inflates to over"):
        pdf.check_streams(path, path.read_bytes(), limit_mb=0.001)


def test_a_word_part_that_unpacks_past_the_limit_fails_before_it_is_unpacked(tmp_path):
    size = (office.MAX_PART_MB + 20) * 1_000_000
    on_disk = write_docx_bomb(tmp_path / "bomb.docx", size)
    assert on_disk < size / 500
    with pytest.raises(UnreadableDocument) as caught:
        readers.read(tmp_path / "bomb.docx")
    message = str(caught.value)
    assert message.startswith("[D101] ") and "bomb.docx" in message and "\n" not in message
    assert f"the part word/document.xml unpacks to {size // 1_000_000} MB, over the limit of {office.MAX_PART_MB} MB" in message


def test_bombs_fail_alone_and_the_rest_of_the_import_lands(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    write_pdf_bomb(folder / "bomb.pdf", (pdf.MAX_STREAM_MB + 50) * 1_000_000)
    write_docx_bomb(folder / "bomb.docx", (office.MAX_PART_MB + 20) * 1_000_000)
    (folder / "brev.txt").write_text(TEXT, encoding="utf-8")
    write_docx(folder / "beslut.docx", "Tjänsteskrivelse", ["Dnr KS 2023/78", "Bidrag om 7 000 kronor beslutas."])
    write_pdf(folder / "skrivelse.pdf", TEXT)
    summary = import_paths([folder], tmp_path / "index", workers=1)
    assert summary.counts["imported"] == 3 and summary.counts["failed"] == 2
    reasons = {Path(f["path"]).name: f["reason"] for f in summary.failures}
    assert "inflates to over" in reasons["bomb.pdf"] and "unpacks to" in reasons["bomb.docx"]
    assert all("\n" not in r for r in reasons.values())
    with Store(tmp_path / "index") as store:
        assert sorted(Path(d.path).name for d in store.documents()) == ["beslut.docx", "brev.txt", "skrivelse.pdf"]


@pytest.mark.parametrize("encode, name", [(base64.a85encode, "/ASCII85Decode"), (binascii.hexlify, "/ASCIIHexDecode")])
def test_the_pdf_check_sees_through_text_encodings_around_flate(tmp_path, encode, name):
    """[/ASCII85Decode /FlateDecode], and Flate, text, Flate again: each Flate layer is counted."""
    inner = _deflated(3_000_000)
    for filters, stream in ((f"[{name} /FlateDecode]", encode(inner) + (b"~>" if "85" in name else b">")),
                            (f"[/FlateDecode {name} /FlateDecode]",
                             zlib.compress(encode(inner) + (b"~>" if "85" in name else b">")))):
        data = (b"%PDF-1.4\n4 0 obj\n<< /Filter " + filters.encode() + b" >>\nstream\n" + stream
                + b"\nendstream\nendobj\n%%EOF\n")
        pdf.check_streams(tmp_path / "x.pdf", data)
        with pytest.raises(UnreadableDocument, match=r"\(object 4\) inflates to over 2 MB"):
            pdf.check_streams(tmp_path / "x.pdf", data, limit_mb=2)


@pytest.mark.parametrize("stream", [b"<~not ascii85 {{{~>", b"zz>", b"x\x9c garbage, not flate"])
def test_a_stream_that_does_not_decode_is_left_to_pdfium(tmp_path, stream):
    filters = b"[/ASCII85Decode /FlateDecode]" if b"~>" in stream else \
        b"[/ASCIIHexDecode /FlateDecode]" if stream == b"zz>" else b"/FlateDecode"
    data = (b"%PDF-1.4\n4 0 obj\n<< /Length 99999999 /Filter " + filters + b" >>\nstream\n" + stream
            + b"\nendstream\nendobj\n%%EOF\n")
    pdf.check_streams(tmp_path / "x.pdf", data, limit_mb=0.001)


def test_a_page_too_large_to_render_for_ocr_fails_before_it_is_rendered(tmp_path):
    from PIL import Image
    from reportlab.pdfgen import canvas

    Image.new("L", (40, 40), 255).save(tmp_path / "speck.png")
    sheet = canvas.Canvas(str(tmp_path / "affisch.pdf"), pagesize=(14400, 14400))  # 5 × 5 m, the most PDF allows
    sheet.drawImage(str(tmp_path / "speck.png"), 100, 100, 40, 40)
    sheet.save()
    with pytest.raises(UnreadableDocument) as caught:
        readers.read(tmp_path / "affisch.pdf")
    message = str(caught.value)
    assert "affisch.pdf: page 1 is 508 × 508 cm: too large to render for OCR" in message
    assert f"over {pdf.MAX_RENDER_MPX} million pixels" in message and "\n" not in message
