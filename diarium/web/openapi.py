"""The OpenAPI 3.1 description of the JSON twins of the web pages (``/openapi.json``)."""

from __future__ import annotations

_ERROR = {"type": "object", "properties": {"error": {"type": "string"}, "status": {"type": "integer"},
                                         "code": {"type": "string", "description": "the error code (D205, D211, ...)"}}}
_TEXT = {"type": "string"}
_NULLABLE_TEXT = {"type": ["string", "null"]}


def _param(name: str, where: str, description: str, required: bool = False, schema=None) -> dict:
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema or _TEXT}


def _get(summary: str, parameters: list, schema_ref: str, missing: bool = True) -> dict:
    responses = {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": schema_ref}}}}}
    responses["400"] = {"description": "malformed query, or too broad for the time budget (D211)",
                        "content": {"application/json": {"schema": _ERROR}}}
    if missing:
        responses["404"] = {"description": "unknown id", "content": {"application/json": {"schema": _ERROR}}}
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


_LIST = {"type": "array", "items": _TEXT}


def _repeatable(name: str, description: str) -> dict:
    return dict(_param(name, "query", description, schema=_LIST), style="form", explode=True)


_SEARCH_PARAMS = [
    _param("q", "query", "free text, an organisation's name or number, or a case number", schema={"type": "string", "maxLength": 500}),
    _repeatable("org", "only documents about this organisation (id, name or number); repeated: about every one of them"),
    _param("case", "query", "only documents with or citing this case number"),
    _repeatable("type", "document type, e.g. tjänsteskrivelse; repeated: any of them"),
    _repeatable("committee", "deciding committee; repeated: any of them"),
    dict(_param("year", "query", "documents dated this year, or 'odaterade' for those without a date; repeated: any of them",
                schema={"type": "array", "items": {"type": "string", "pattern": r"^(\d{4}|odaterade)$"}}), style="form", explode=True),
    _param("from", "query", "documents dated on or after (YYYY, YYYY-MM or YYYY-MM-DD; checked against the calendar)"),
    _param("to", "query", "documents dated on or before (YYYY, YYYY-MM or YYYY-MM-DD)"),
    _param("sort", "query", "order of the hits (default relevance)", schema={"enum": ["relevance", "newest", "oldest"]}),
    _param("offset", "query", "hits to skip (paging)", schema={"type": "integer", "minimum": 0, "default": 0}),
    _param("limit", "query", "hits per page", schema={"type": "integer", "minimum": 0, "maximum": 100, "default": 20}),
    _param("as", "query", "text: read q as free text even when it names an organisation", schema={"enum": ["", "text"]}),
]

_PAGING = [
    _param("offset", "query", "entries to skip (paging)", schema={"type": "integer", "minimum": 0, "default": 0}),
    _param("limit", "query", "entries per page", schema={"type": "integer", "minimum": 0, "maximum": 100, "default": 20}),
]
_INT = {"type": "integer"}


def _listing(name: str, item: dict) -> dict:
    """A paged list: ``total``, ``offset``, ``limit`` and one page of ``name``."""
    return {"type": "object", "properties": {"total": _INT, "offset": _INT, "limit": _INT,
                                             name: {"type": "array", "items": {"type": "object", "properties": item}}}}


_ORG_ENTRY = {"id": _TEXT, "name": _TEXT, "org_number": _NULLABLE_TEXT, "documents": _INT, "url": _TEXT}
_DECISION = {"type": "array", "items": {"type": "object", "properties": {
    "paragraph": _NULLABLE_TEXT, "heading": _NULLABLE_TEXT, "title": _NULLABLE_TEXT, "document": _TEXT,
    "case_numbers": {"type": "array", "items": _TEXT}, "url": _TEXT}}}

_SCHEMAS = {
    "Organisations": _listing("organisations", dict(_ORG_ENTRY, see_also={
        "type": "array", "description": "organisations with close names (shared name, local chapter, a letter or two apart)",
        "items": {"type": "object", "properties": _ORG_ENTRY}})),
    "Cases": _listing("cases", {"number": _TEXT, "title": _NULLABLE_TEXT, "latest": _NULLABLE_TEXT, "documents": _INT,
                                "newest_document": _TEXT, "url": {"type": "string", "description": "the case's one address"}}),
    "Committees": _listing("committees", {"id": _TEXT, "name": _TEXT, "authority": _NULLABLE_TEXT, "meetings": _INT,
                                          "decisions": _INT, "latest": _NULLABLE_TEXT, "url": _TEXT}),
    "Committee": {"type": "object", "properties": {
        "id": _TEXT, "name": _TEXT, "authority": _NULLABLE_TEXT, "latest": _NULLABLE_TEXT, "decisions": _INT,
        "total": {"type": "integer", "description": "meetings"}, "offset": _INT, "limit": _INT,
        "meetings": {"type": "array", "description": "newest first", "items": {"type": "object", "properties": {
            "date": _TEXT, "decided": dict(_DECISION, description="a protocol's paragraphs"),
            "cited": dict(_DECISION, description="decisions of this meeting cited by other documents"),
            "planned": dict(_DECISION, description="matters planned for this meeting")}}}}},
    "SearchResult": {"type": "object", "properties": {
        "query": _TEXT,
        "understood_as": {"type": "object", "properties": {
            "kind": {"enum": ["organisation", "case", "text", "all"]},
            "other_reading": {"type": "object", "description": "the reading not taken (the words as text, or the organisation), with its total"}}},
        "total": {"type": "integer", "description": "every match, not only this page"},
        "offset": {"type": "integer"}, "limit": {"type": "integer"}, "sort": {"enum": ["relevance", "newest", "oldest"]},
        "hits": {"type": "array", "items": {"type": "object", "properties": {
            "id": _TEXT, "path": _TEXT, "title": _NULLABLE_TEXT, "date": _NULLABLE_TEXT,
            "document_type": _NULLABLE_TEXT, "own_case_numbers": {"type": "array", "items": _TEXT},
            "parties": {"type": "array"}, "amounts": {"type": "array"}, "period": {"type": ["array", "null"]},
            "snippet": {"type": "string", "description": "HTML-escaped text with <mark> around matches"},
            "score": {"type": "number"}}}},
        "facets": {"type": "object", "description": "per facet (type, year, organisation, committee): [value, count] pairs",
                   "additionalProperties": {"type": "array", "items": {"type": "array"}}},
    }},
    "Document": {"type": "object", "properties": {
        "id": _TEXT, "path": _TEXT, "sha256": _TEXT, "part": {"type": "integer"},
        "page_from": {"type": ["integer", "null"]}, "page_to": {"type": ["integer", "null"]},
        "pipeline_version": _TEXT, "download": {"type": "string", "description": "URL of the original file"},
        "organisations": {"type": "object", "description": "party name or organisation number -> organisation id",
                          "additionalProperties": _TEXT},
        "extraction": {"type": "object", "description": "every extracted fact with character offsets into text"},
        "text": _TEXT, "pages": {"type": "array"}}},
    "Organisation": {"type": "object", "properties": {
        "id": _TEXT, "name": _TEXT, "org_number": _NULLABLE_TEXT, "legal_form": _NULLABLE_TEXT,
        "aliases": {"type": "array", "items": _TEXT}, "committees": {"type": "array", "items": _TEXT},
        "document_ids": {"type": "array", "items": _TEXT},
        "see_also": {"type": "array", "description": "organisations with close names", "items": {"type": "object", "properties": _ORG_ENTRY}},
        "document_list": {"type": "array", "description": "one page of the documents, newest first"},
        "documents_total": {"type": "integer"}, "offset": {"type": "integer"}, "limit": {"type": "integer"},
        "funding_complete": {"type": "boolean", "description": "false when only the newest partnerships are given"},
        "funding": {"type": "array", "items": {"$ref": "#/components/schemas/FundingRow"}}}},
    "Lineage": {"type": "object", "properties": {
        "query": _TEXT, "name": {"type": "string", "description": "the lineage's oldest case number"},
        "canonical": {"type": ["string", "null"], "description": "the case number as the index holds it"},
        "partnership": {"type": "object", "properties": {"subject": _NULLABLE_TEXT, "parties": {"type": "array", "items": _TEXT},
                                                          "name": _TEXT}},
        "steps": {"type": "array", "description": "oldest first", "items": {"type": "object", "properties": {
            "cases": {"type": "array", "items": _TEXT}, "authority": _NULLABLE_TEXT,
            "period": {"type": ["array", "null"]}, "kind": {"enum": ["original", "extension", "new agreement"]},
            "funding": {"type": "array"}, "documents": {"type": "array"}, "imported": {"type": "boolean"},
            "evidence": {"type": "array"}}}},
        "related": {"type": "array"}, "guidelines": {"type": "array"},
        "funding_rows": {"type": "array", "items": {"$ref": "#/components/schemas/FundingRow"}}}},
    "FundingRow": {"type": "object", "properties": {
        "lineage": {"type": "string", "description": "the lineage's oldest case number"},
        "partnership": {"type": "string", "description": "the partnership's subject and parties"},
        "case": _TEXT, "payer": _TEXT,
        "year": {"type": ["integer", "string"], "description": "a calendar year, or a split year such as 2023/2024"},
        "amount": {"type": "integer"}, "documents": {"type": "array", "items": _TEXT}}},
}


def openapi_document() -> dict:
    """The OpenAPI document; every path here is a JSON twin of an HTML page."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Diarium", "version": "1",
                 "description": "Read-only JSON twins of Diarium's web pages: search, documents, "
                                "organisations, case lineages, and lists of organisations, cases and bodies."},
        "paths": {
            "/search.json": _get("Search documents", _SEARCH_PARAMS, "#/components/schemas/SearchResult", missing=False),
            "/document/{id}.json": _get("One document: extraction, text and pages",
                                        [_param("id", "path", "document id", True)], "#/components/schemas/Document"),
            "/organisation/{id}.json": _get("One organisation, a page of its documents and its funding",
                                            [_param("id", "path", "organisation id", True),
                                             _param("offset", "query", "documents to skip", schema={"type": "integer", "minimum": 0}),
                                             _param("limit", "query", "documents per page", schema={"type": "integer", "minimum": 0, "maximum": 100})],
                                            "#/components/schemas/Organisation"),
            "/organisations.json": _get("Organisations with documents, most documents first", _PAGING,
                                        "#/components/schemas/Organisations", missing=False),
            "/cases.json": _get("Cases with documents, newest first", _PAGING, "#/components/schemas/Cases", missing=False),
            "/committees.json": _get("Deciding bodies by authority and name", _PAGING,
                                     "#/components/schemas/Committees", missing=False),
            "/committee/{id}.json": _get("One body and a page of its meetings with their decisions",
                                         [_param("id", "path", "body id", True), *_PAGING], "#/components/schemas/Committee"),
            "/case/{number}.json": _get("The lineage of a case number",
                                        [_param("number", "path", "case number, URL-encoded (KS%202023%2F123)", True)],
                                        "#/components/schemas/Lineage"),
        },
        "components": {"schemas": _SCHEMAS},
    }
