"""``diarium trace``: a partnership's lineage as a timeline, oldest agreement first."""

from __future__ import annotations

from extractor.errors import terminal
from diarium.cli import EXIT_OK, index_dir, index_flag, print_json
from extractor.errors import DiariumError

_KIND_WORDS = {"original": "första överenskommelsen", "extension": "förlängning", "new agreement": "ny överenskommelse"}


class UnknownCase(DiariumError):
    code = "D301"


def register(commands) -> None:
    command = commands.add_parser("trace", help="show the lineage of a case or document, oldest agreement first")
    command.add_argument("what", metavar="CASE_OR_DOC", help="a case number (any spelling), document id or path")
    index_flag(command)
    command.add_argument("--json", action="store_true", help="print the lineage as JSON")
    command.set_defaults(run=run_trace)


def run_trace(args) -> int:
    from index.folder import IndexFolder
    from index.linking.lineage import trace

    with IndexFolder(index_dir(args)) as folder:
        result = trace(folder, args.what)
    if result is None:
        raise UnknownCase(f"{args.what}: no case or document by that name in the index")
    if args.json:
        print_json(result.to_dict())
    else:
        print(terminal(format_trace(result)))
    return EXIT_OK


def format_trace(t) -> str:
    """A readable timeline of a :class:`~index.linking.lineage.Trace`: one block per step, then
    related cases and guidelines."""
    lines = [f"Historik för {t.query}"]
    for number, step in enumerate(t.steps, 1):
        lines += [""] + _format_step(number, step)
    for title, entries in (("Relaterade ärenden", t.related), ("Riktlinjer", t.guidelines)):
        if entries:
            lines += ["", f"{title}:"]
            lines += [f"  {e.case} (från {e.source})" + ("" if e.imported else " – ej importerat")
                      + (f"\n      \"{_short(e.evidence.sentence)}\"" if e.evidence.sentence else "")
                      for e in entries]
    return "\n".join(lines)


def _format_step(number: int, step) -> list[str]:
    period = " – ".join(step.period) if step.period else "period okänd"
    head = f"{number}. {', '.join(step.cases) or '(inget diarienummer)'}  {period}  {_KIND_WORDS[step.kind]}"
    lines = [head]
    if step.authorities or step.decided_by:
        lines.append("   beslutat av: " + ", ".join(step.decided_by or step.authorities)
                     + (f" ({', '.join(step.authorities)})" if step.decided_by and step.authorities else ""))
    for f in step.funding:
        amount = f"{f.amount:,}".replace(",", " ") + " kr"
        payer = "totalt" if f.payer == "total" else (f.payer or "belopp i hänvisande handling")
        lines.append("   finansiering " + (f"{f.year} " if f.year else "") + f"{payer}: {amount}")
    if step.documents:
        lines += [f"   handling {d.id}  {d.path}" for d in step.documents]
    else:
        lines.append("   handlingar: ej importerade")
    for e in step.evidence:
        lines.append(f"   belägg ({e.link} {e.target}, {e.confidence:.2f}; {e.document}"
                     + (f" s. {e.page}" if e.page else "") + f"): \"{_short(e.sentence)}\"")
    return lines


def _short(text: str, limit: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
