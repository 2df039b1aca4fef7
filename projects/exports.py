"""The funder's report as CSV: each part (activities, outputs, news) with its own header row.

Cells go through ``network_portal.exports.spreadsheet_row`` (formula injection); the XLSX
version is ``network_portal.exports.xlsx_workbook_bytes``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from network_portal.exports import spreadsheet_row


class _Echo:
    def write(self, value):
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]):
    """The lines of a CSV file (with a BOM, so that spreadsheet programs read UTF-8)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(spreadsheet_row(row))
