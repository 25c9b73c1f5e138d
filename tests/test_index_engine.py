"""The search engine behind its interface: analysis, writing, replacing, crashes, rebuilds."""

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from extractor.identifiers import diarienummer
from index.search.analysis import fold, query_stems, stem
from index.search.engine import (DamagedSearchIndex, NoSearchIndex, Request, UnknownEngine, engine_folder, engine_name, open_index,
                          rebuild)
from index.store import StoredDocument

ROOT = Path(__file__).resolve().parent.parent


def doc(doc_id: str, text: str, **extraction) -> StoredDocument:
    x = {"id": doc_id, "path": f"{doc_id}.txt", "title": text.split(".")[0], "parties": [], "org_numbers": []}
    x.update(extraction)
    return StoredDocument(doc_id, f"{doc_id}.txt", doc_id * 4, 0, None, None, "1", x, text, [])


@pytest.mark.parametrize("typed", ["ASN-2019-9502", "asn 2019 9502", "ASN 2019-9502", "Dnr ASN-2019-09502", "asn-\n2019-9502"])
def test_case_keys_ignore_how_a_number_is_typed(typed):
    assert diarienummer.compact(typed) == "ASN.2019.9502"


@pytest.mark.parametrize("a,b", [("KS 2023/123", "Ks 1234/2023"), ("ASN-2019-9502", "ASN-2019-19502")])
def test_different_case_numbers_keep_different_keys(a, b):
    assert diarienummer.compact(a) != diarienummer.compact(b)


@pytest.mark.parametrize("word,folded", [("Idéburet", "Ideburet"), ("Åtgärd", "Åtgärd"), ("över", "över"), ("Müller", "Muller")])
def test_folding_keeps_swedish_letters(word, folded):
    assert fold(word) == folded and len(fold(word)) == len(word)


@pytest.mark.parametrize("a,b", [("barnverksamhet", "barnverksamheten"), ("hemlösa", "hemlöshet"), ("läxhjälpens", "läxhjälpen")])
def test_inflected_forms_share_a_stem(a, b):
    assert stem(a) == stem(b)


def test_stop_words_are_not_searched():
    assert query_stems("stöd till och för barnen") == [stem("stöd"), stem("barnen")]


@pytest.fixture
def folder(tmp_path, engine):
    """An index folder whose first index is made with ``engine``."""
    open_index(tmp_path, create=True, engine=engine).close()
    return tmp_path


def test_a_new_index_records_its_engine(folder, engine):
    assert engine_name(folder) == engine and json.loads((folder / "engine.json").read_text())["engine"] == engine


def test_update_replaces_by_id_and_deletes(folder):
    ix = open_index(folder, create=True)
    ix.update(add=[doc("a", "Barnverksamheten i Malmö."), doc("b", "Läxhjälp i Kungsbacka.")])
    ix.update(add=[doc("a", "Språkcafé på Hisingen.")])
    assert ix.count() == 2
    assert ix.search(Request(text="barnverksamhet")).total == 0
    assert [h.id for h in ix.search(Request(text="språkcafé")).hits] == ["a"]
    ix.update(delete=["b"])
    assert ix.search(Request(text="läxhjälp")).total == 0 and ix.count() == 1
    ix.close()


def test_filters_and_facets(folder):
    ix = open_index(folder, create=True)
    ix.update(add=[doc("a", "Stöd till barn.", document_type="protokoll", date="2021-03-01", decided_by="Socialnämnden"),
                   doc("b", "Stöd till äldre.", document_type="tjänsteskrivelse", date="2023-05-01")])
    page = ix.search(Request(text="stöd"))
    assert page.total == 2 and page.facets["type"] == {"protokoll": 1, "tjänsteskrivelse": 1}
    assert [h.id for h in ix.search(Request(text="stöd", date_from="2022-01-01")).hits] == ["b"]
    assert [h.id for h in ix.search(Request(text="stöd", doc_types=["protokoll"])).hits] == ["a"]
    assert [h.id for h in ix.search(Request(committee_keys=["socialnämnden"])).hits] == ["a"]
    ix.close()


def test_no_index_and_a_damaged_one_say_what_to_do(tmp_path, engine):
    with pytest.raises(NoSearchIndex):
        open_index(tmp_path)
    open_index(tmp_path, create=True, engine=engine).close()
    for table in [*engine_folder(tmp_path).glob("*.toc"), *engine_folder(tmp_path).glob("meta.json")]:
        table.write_bytes(b"garbage")
    with pytest.raises(DamagedSearchIndex, match="reindex"):
        open_index(tmp_path)


def test_rebuild_switches_folders_and_leaves_the_old_readable_until_then(folder):
    ix = open_index(folder, create=True)
    ix.update(add=[doc("a", "Gammal text om cyklar.")])
    old = engine_folder(folder)
    assert rebuild(folder, [doc("b", "Ny text om cyklar."), doc("c", "Annat.")]) == 2
    assert engine_folder(folder) != old and not old.exists()
    fresh = open_index(folder)
    assert [h.id for h in fresh.search(Request(text="cyklar")).hits] == ["b"]
    fresh.close()


WRITER = textwrap.dedent("""
    import time
    from index.search.fields import document_fields
    from index.store import StoredDocument
    docs = [StoredDocument(f"k{{n}}", "k.txt", "x", 0, None, None, "1", {{"title": "Halvskriven"}},
                           "halvskriven text " * 50, []) for n in range(200)]
    if {engine!r} == "whoosh":
        from index.search.whoosh_engine import open as open_engine, whoosh_document
        writer = open_engine({folder!r})._ix.writer()
        for d in docs:
            writer.add_document(**whoosh_document(document_fields(d)))
    else:
        from index.search.tantivy_engine import _opened, tantivy_document
        writer = _opened({folder!r}).writer(num_threads=1)
        for d in docs:
            writer.add_document(tantivy_document(document_fields(d)))
    print("writing", flush=True)
    time.sleep(60)
""")


@pytest.mark.slow
def test_a_writer_killed_mid_write_leaves_the_last_commit_searchable(folder, engine):
    ix = open_index(folder, create=True)
    ix.update(add=[doc("a", "Beständig text.")])
    script = WRITER.format(folder=str(engine_folder(folder)), engine=engine)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout.readline().strip() == "writing"
        assert ix.search(Request(text="beständig")).total == 1  # readers go on while a writer writes
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    reopened = open_index(folder)
    assert reopened.count() == 1 and reopened.search(Request(text="halvskriven")).total == 0
    reopened.update(add=[doc("b", "Efter kraschen.")])  # the lock died with the writer
    assert reopened.count() == 2
    reopened.close()
    ix.close()


def test_rebuild_moves_an_index_to_another_engine(folder, engine):
    other = next(e for e in ("tantivy", "whoosh") if e != engine)
    ix = open_index(folder)
    ix.update(add=[doc("a", "Text om cyklar.")])
    ix.close()
    assert rebuild(folder, [doc("a", "Text om cyklar."), doc("b", "Annat.")], engine=other) == 2
    assert engine_name(folder) == other
    moved = open_index(folder)
    assert [h.id for h in moved.search(Request(text="cyklarna")).hits] == ["a"] and moved.count() == 2
    moved.close()
    with pytest.raises(UnknownEngine):
        rebuild(folder, [], engine="lucene")


def test_a_rebuild_in_several_processes_indexes_what_one_process_does(tmp_path, engine):
    docs = [doc(f"d{n:03d}", f"Läxhjälp för barn nummer {n}. Stöd till föreningen.", date=f"20{10 + n % 14}-05-01",
                parties=[{"name": "Läxhjälpen", "org_number": "802002-8711"}] if n % 3 else [],
                own_case_numbers=[f"KS 2024/{n % 50}"] if n % 2 else [])
            for n in range(150)]
    pages = []
    for procs in (1, 2):
        rebuild(tmp_path / str(procs), iter(docs), procs=procs, engine=engine)
        ix = open_index(tmp_path / str(procs))
        page = ix.search(Request(text='"läxhjälp för barn" stöd', limit=200, org_names={"nr:802002-8711": "Läxhjälpen"}))
        cases = ix.search(Request(case_keys=[diarienummer.compact("Dnr KS 2024/07")], limit=200))
        pages.append((page.total, sorted(h.id for h in page.hits), page.facets, sorted(h.id for h in cases.hits)))
        ix.close()
    assert pages[0] == pages[1] and pages[0][0] == 150 and pages[0][2]["organisation"] == {"Läxhjälpen": 100}
    assert pages[0][3] == ["d007", "d057", "d107"]


def test_text_queries_phrases_prefixes_negation_and_or(folder):
    ix = open_index(folder)
    ix.update(add=[doc("a", "Röda Korset driver läxhjälp för barn."), doc("b", "Korset på kyrkan är rött."),
                   doc("c", "Läxhjälpen i Kungsbacka för äldre elever.")])
    ids = lambda text: sorted(h.id for h in ix.search(Request(text=text, limit=10)).hits)  # noqa: E731
    assert ids('"röda korset"') == ["a"] and ids('"läxhjälp för barn"') == ["a"] and ids('"barn läxhjälp"') == []
    assert ids("läxhjälp") == ["a", "c"] and ids("läx*") == []  # no wildcards: 'läx' is a word of its own
    assert ids("läxhjälp -barn") == ["c"] and ids("läxhjälp NOT barn") == ["c"]
    assert ids("kyrkan OR kungsbacka") == ["b", "c"]
    assert ids("och för") == []  # stop words alone ask for nothing
    ix.close()


def test_dates_order_organisation_hits_newest_first(folder):
    ix = open_index(folder)
    ix.update(add=[doc(n, "Stöd.", date=d, parties=[{"name": "Föreningen Fyrljuset", "org_number": "802002-8711"}])
                   for n, d in [("a", "2021-03-01"), ("b", "2023-05-01"), ("c", "2022-01-10")]])
    page = ix.search(Request(org_terms=["nr:802002-8711"], org_names={"nr:802002-8711": "Fyrljuset"}))
    assert [h.id for h in page.hits] == ["b", "c", "a"] and page.facets["organisation"] == {"Fyrljuset": 3}
    assert page.facets["year"] == {"2021": 1, "2022": 1, "2023": 1}
    assert [h.id for h in ix.search(Request(text="stöd", date_from="2022-01-01", date_to="2022-12-31")).hits] == ["c"]
    ix.close()


def test_an_organisation_under_two_terms_counts_each_document_once(folder):
    ix = open_index(folder)
    ix.update(add=[doc("a", "Stöd.", parties=[{"name": "Läxhjälpen", "aliases": ["Läxhjälpen i Kungsbacka"]}]),
                   doc("b", "Stöd.", parties=[{"name": "Läxhjälpen"}])])
    names = {"name:läxhjälpen": "Läxhjälpen", "name:läxhjälpen_i_kungsbacka": "Läxhjälpen"}
    assert ix.search(Request(text="stöd", org_names=names)).facets["organisation"] == {"Läxhjälpen": 2}
    ix.close()


def test_an_organisation_under_two_terms_counts_documents_added_later(folder):
    ix = open_index(folder)
    names = {"name:läxhjälpen": "Läxhjälpen", "name:läxhjälpen_i_kungsbacka": "Läxhjälpen"}
    ix.update(add=[doc("a", "Stöd.", parties=[{"name": "Läxhjälpen i Kungsbacka"}]),
                   doc("b", "Stöd.", parties=[{"name": "Läxhjälpen"}])])
    assert ix.search(Request(text="stöd", org_names=names)).facets["organisation"] == {"Läxhjälpen": 2}
    ix.update(add=[doc("c", "Stöd.", parties=[{"name": "Läxhjälpen", "aliases": ["Läxhjälpen i Kungsbacka"]}])])
    assert ix.search(Request(text="stöd", org_names=names)).facets["organisation"] == {"Läxhjälpen": 3}
    ix.update(delete=["c", "b"])
    assert ix.search(Request(text="stöd", org_names=names)).facets["organisation"] == {"Läxhjälpen": 1}
    ix.close()


def test_numbers_are_their_own_index_words_and_are_not_kept():
    from index.search import analysis

    assert analysis.index_words("Beslut 2024-03-19 om 450 000 kronor, dnr KS 2024/1187") == \
        "beslut 2024 03 19 § 450 000 kron dnr ks 2024 1187"
    assert analysis.analyse("450 000 kronor") == ["450", "000", "kron"]
    assert not {"2024", "450", "1187"} & (set(analysis._gapped) | set(analysis._forms))
    assert "kronor" in analysis._gapped  # words are kept


def test_tantivy_makes_the_words_the_shared_analysis_makes():
    from index.search.analysis import analyse, index_words
    from index.search.tantivy_engine import analyzer

    texts = [p.read_text("utf-8") for p in sorted((ROOT / "corpus" / "documents").glob("*.txt"))]
    texts.append("Idéburet Café på Österlen: AVTALET, avtal och Ångermanlands tolv (12) föreningar i Malmö 2024/25")
    tokens = analyzer()
    for text in texts:
        assert tokens.analyze(index_words(text)) == analyse(text)
