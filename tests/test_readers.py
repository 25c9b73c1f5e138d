"""extractor.reading.readers.read_text and extractor.extract_file on files of every encoding, and on bad files."""

import pytest

from extractor import UnreadableDocument, extract_file
from extractor.reading.readers import read_text

TEXT = (
    "Tjänsteskrivelse\n"
    "Datum 2024-03-12\n"
    "Diarienummer ASN-2024-1234\n"
    "\n"
    "Överenskommelse om idéburet offentligt partnerskap med Föreningen Sjöfåglarna\n"
    "\n"
    "Sammanfattning\n"
    "Förvaltningen föreslår att nämnden förlänger överenskommelsen för perioden 2025–2026 – "
    "en fråga om barnens räkning och årets verksamhet i Malmö.\n"
)
LATIN1_TEXT = TEXT.replace("–", "-")  # latin-1 has no en dash
MOJIBAKE = ["Ã", "Â", "â€", "\ufffd"]


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("utf8.txt", TEXT.encode("utf-8"), TEXT),
        ("bom.txt", b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT),
        ("cp1252.txt", TEXT.encode("cp1252"), TEXT),
        ("latin1.txt", LATIN1_TEXT.encode("latin-1"), LATIN1_TEXT),
        ("utf8.md", TEXT.encode("utf-8"), TEXT),
        ("utan_filändelse", TEXT.encode("utf-8"), TEXT),
        ("crlf.txt", TEXT.replace("\n", "\r\n").encode("cp1252"), TEXT.replace("\n", "\r\n")),
    ],
)
def test_read_text_without_mojibake(tmp_path, name, data, expected):
    text = read_text(_write(tmp_path, name, data))
    assert text == expected
    assert not any(bad in text for bad in MOJIBAKE)
    assert "å" in text and "ä" in text and "ö" in text and "Ö" in text


@pytest.mark.parametrize(
    "name, data",
    [
        ("utf8.txt", TEXT.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
        ("cp1252.txt", TEXT.encode("cp1252")),
        ("latin1.txt", LATIN1_TEXT.encode("latin-1")),
    ],
)
def test_extract_file_reads_every_encoding(tmp_path, name, data):
    path = _write(tmp_path, name, data)
    extraction = extract_file(path)
    assert extraction.path == str(path)
    assert extraction.document_type == "tjänsteskrivelse"
    assert extraction.title == "Överenskommelse om idéburet offentligt partnerskap med Föreningen Sjöfåglarna"
    assert [c.number for c in extraction.own_case_numbers] == ["ASN-2024-1234"]
    assert extraction.date == "2024-03-12"


@pytest.mark.parametrize(
    "name, data",
    [
        ("utf8.txt", TEXT.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
    ],
)
def test_same_text_same_id_whatever_the_bom(tmp_path, name, data):
    plain = extract_file(_write(tmp_path, "plain.txt", TEXT.encode("utf-8")))
    assert extract_file(_write(tmp_path, name, data)).id == plain.id


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("tom.txt", b"", "empty"),
        ("blank.txt", b"  \n\n\t ", "empty"),
        ("binar.txt", b"Tj\x00\x01\x02\xff\xfe\x00binary" * 10, "binary"),
        ("dokument.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
        ("forklatt.txt", b"%PDF-1.4\n1 0 obj\n", "PDF"),  # content wins over the extension
        ("dokument.docx", b"PK\x03\x04\x14\x00\x06\x00", "not readable"),
        ("tabell.csv", "Namn;Belopp\nFöreningen;1000\n".encode("utf-8"), "unsupported"),
        ("bild.xyz", b"just some text", "unsupported"),
    ],
)
def test_unreadable_file_raises_naming_file_and_reason(tmp_path, name, data, reason):
    path = _write(tmp_path, name, data)
    for read in (read_text, extract_file):
        with pytest.raises(UnreadableDocument) as info:
            read(path)
        message = str(info.value)
        assert str(path) in message
        assert info.value.path == str(path)
        assert reason.lower() in info.value.reason.lower()
        assert info.value.reason in message
        assert "\n" not in message


@pytest.mark.parametrize("name", ["saknas.txt", "mapp/saknas.txt"])
def test_missing_file_raises(tmp_path, name):
    path = tmp_path / name
    for read in (read_text, extract_file):
        with pytest.raises(UnreadableDocument) as info:
            read(path)
        assert str(path) in str(info.value)
        assert info.value.reason  # e.g. "No such file or directory"


@pytest.mark.parametrize("name", ["en_mapp"])
def test_directory_raises(tmp_path, name):
    path = tmp_path / name
    path.mkdir()
    with pytest.raises(UnreadableDocument) as info:
        extract_file(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("as_type", [str, lambda p: p])
def test_path_may_be_str_or_path(tmp_path, as_type):
    path = _write(tmp_path, "utf8.txt", TEXT.encode("utf-8"))
    assert read_text(as_type(path)) == TEXT
