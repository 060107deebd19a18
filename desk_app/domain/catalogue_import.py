"""Import a published procedure list (CSV or XLSX) into the catalogue: all rows or none.

`import_catalogue` reads the table, checks every row with the catalogue's own schema, and compares each
procedure with what the target already holds: a new code becomes v1, a changed one v<N+1> from the given
effective date (used versions are never edited), an unchanged one is left alone. Any bad row means
nothing is written and the report lists every problem by row and column. The target is a forms folder
(files, for the city's editors and the bundled catalogue), the desk's own database (core.catalogue_db:
the procedures table, so the desk uses the list at once) or the city server's drafts (the console,
issue 10): pure here, so the desk and the server share one importer.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from desk_app.domain.catalogue import ProcedureDefinition, load_catalogue
from desk_app.domain.catalogue_rows import COLUMNS, RowError, header, match_headers, parse_row
from desk_app.domain.text import nfc

_HEADER_SEARCH_ROWS = 15  # provincial annexes put a title and a decision number above the table


class CatalogueTarget(Protocol):
    def existing(self) -> dict[str, list[ProcedureDefinition]]: ...

    def write(self, definitions: Sequence[ProcedureDefinition]) -> None: ...


@dataclass
class ImportReport:
    source: str
    rows: int = 0
    added: list[str] = field(default_factory=list)
    updated: dict[str, int] = field(default_factory=dict)  # code -> new version
    unchanged: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return f"{len(self.errors)} lỗi; không nhập thủ tục nào."
        return (f"{self.rows} dòng: {len(self.added)} thủ tục mới, {len(self.updated)} phiên bản mới, "
                f"{len(self.unchanged)} không đổi.")


class FolderTarget:
    """forms/procedures/<code>/v<N>.json; an existing file is never overwritten."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def existing(self) -> dict[str, list[ProcedureDefinition]]:
        if not self.root.is_dir() or not any(self.root.glob("*/*.json")):
            return {}
        return by_code(load_catalogue(self.root))

    def write(self, definitions: Sequence[ProcedureDefinition]) -> None:
        for defn in definitions:
            path = self.root / defn.code / f"v{defn.version}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as handle:  # "x": refuse to replace a used version
                handle.write(definition_file_text(defn))


def definition_file_text(defn: ProcedureDefinition) -> str:
    """The file layout of forms/procedures (2-space indent, keys in schema order, UTF-8 text)."""
    return defn.model_dump_json(by_alias=True, indent=2) + "\n"


def by_code(defs: Iterable[ProcedureDefinition]) -> dict[str, list[ProcedureDefinition]]:
    out: dict[str, list[ProcedureDefinition]] = {}
    for defn in defs:
        out.setdefault(defn.code, []).append(defn)
    return {code: sorted(versions, key=lambda d: d.version) for code, versions in out.items()}


# --- reading the table ---------------------------------------------------------------------------


def read_table(path: Path) -> list[list[str]]:
    """All rows as text cells; XLSX from its first sheet, CSV as UTF-8 (with or without BOM)."""
    return table_from_bytes(path.read_bytes(), path.name)


def table_from_bytes(data: bytes, name: str) -> list[list[str]]:
    """The same from an uploaded file's bytes; the name's suffix says which format."""
    if name.lower().endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        return [["" if cell is None else _cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    text = data.decode("utf-8-sig")
    return [list(row) for row in csv.reader(io.StringIO(text))]


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        columns = match_headers(row)
        if "code" in columns and "name" in columns:
            return index, columns
    return None


def _values(row: list[str], columns: dict[str, int]) -> dict[str, str]:
    values = {key: row[i] if i < len(row) else "" for key, i in columns.items()}
    # nfc() also folds whitespace, which would join the one-document-per-line cell into one line.
    return {key: unicodedata.normalize("NFC", text).strip() if key == "documents" else nfc(text)
            for key, text in values.items()}


# --- comparing with what is there ----------------------------------------------------------------


def _content(defn: ProcedureDefinition) -> dict[str, Any]:
    return defn.model_dump(exclude={"version", "effective_from"})


def _carried_over(new: ProcedureDefinition, latest: ProcedureDefinition) -> ProcedureDefinition:
    """What the published list cannot say stays as the latest version has it: the input fields, and the
    fee rule (format 2) while the fee's text is the same; a changed text drops the rule, for an editor
    to write again from the new text."""
    update: dict[str, Any] = {} if new.fields else {"fields": latest.fields}
    if latest.fee.rule is not None and new.fee.text == latest.fee.text:
        update.update(fee=latest.fee, schema_version=latest.schema_version)
    return new.model_copy(update=update) if update else new


def _next_version(
    new: ProcedureDefinition, versions: list[ProcedureDefinition], effective_from: date, line: int
) -> tuple[ProcedureDefinition | None, RowError | None]:
    """None when unchanged; the list format has no input fields, so the latest version's carry over."""
    latest = versions[-1]
    candidate = _carried_over(new, latest)
    if _content(candidate) == _content(latest):
        return None, None
    if effective_from <= latest.effective_from:
        reason = (f"thủ tục đã có v{latest.version} hiệu lực từ {latest.effective_from:%d/%m/%Y}; phiên bản mới "
                  f"phải có ngày hiệu lực sau ngày đó (đang là {effective_from:%d/%m/%Y})")
        return None, RowError(line, header("code"), reason)
    return candidate.model_copy(update={"version": latest.version + 1, "effective_from": effective_from}), None


def import_catalogue(path: Path | str, effective_from: date, target: CatalogueTarget) -> ImportReport:
    """Check the whole list, then write its new and changed procedures; nothing at all on any error."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        report = ImportReport(source=path.name)
        report.errors.append(RowError(0, "", f"không đọc được tệp {path.name}: {exc}"))
        return report
    return import_bytes(data, path.name, effective_from, target)


def import_bytes(data: bytes, name: str, effective_from: date, target: CatalogueTarget) -> ImportReport:
    """import_catalogue for a file's bytes (an upload to the city console)."""
    report = ImportReport(source=name)
    try:
        rows = table_from_bytes(data, name)
    except Exception as exc:  # openpyxl raises many kinds (BadZipFile, KeyError...) on a file not a workbook
        report.errors.append(RowError(0, "", f"không đọc được tệp {name} (cần CSV UTF-8 hoặc XLSX): {exc}"))
        return report
    found = _find_header(rows)
    if found is None:
        wanted = f"«{header('code')}» và «{header('name')}»"
        report.errors.append(RowError(1, "", f"không tìm thấy dòng tiêu đề có các cột {wanted}"))
        return report
    start, columns = found
    known = {i for i in columns.values()}
    report.ignored_columns = [c for i, c in enumerate(rows[start]) if i not in known and str(c).strip()]
    missing = [header(k) for k in ("code", "name", "field", "level", "time_text", "fee_text", "documents",
                                   "legal_basis") if k not in columns]
    if missing:
        report.errors.append(RowError(start + 1, "", "thiếu cột: " + ", ".join(f"«{m}»" for m in missing)))
        return report
    # A list exported as it is (no «Nguồn» column) names the file as every row's source.
    default_source = "" if "evidence" in columns else f"danh mục nhập từ tệp {name}"
    writes = _check_rows(rows[start + 1:], start + 2, columns, effective_from, target, report, default_source)
    if report.ok and writes:
        target.write(writes)
    return report


def _check_rows(
    rows: list[list[str]], first_line: int, columns: dict[str, int], effective_from: date,
    target: CatalogueTarget, report: ImportReport, default_source: str = "",
) -> list[ProcedureDefinition]:
    existing, writes = target.existing(), []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=first_line):
        values = _values(row, columns)
        if not any(values.values()):
            continue  # blank rows between groups
        if default_source:
            values["evidence"] = default_source
        report.rows += 1
        code = values.get("code", "")
        if code in seen:
            report.errors.append(RowError(line, header("code"), f"mã {code} bị lặp (đã có ở dòng {seen[code]})"))
            continue
        seen[code] = line
        defn, problems = parse_row(line, values, 1, effective_from.isoformat())
        report.errors.extend(problems)
        if defn is None:
            continue
        if defn.code not in existing:
            report.added.append(defn.code)
            writes.append(defn)
            continue
        changed, problem = _next_version(defn, existing[defn.code], effective_from, line)
        if problem:
            report.errors.append(problem)
        elif changed is None:
            report.unchanged.append(defn.code)
        else:
            report.updated[defn.code] = changed.version
            writes.append(changed)
    return writes


ACCEPTED_COLUMNS = COLUMNS  # re-exported for the docs and the console
