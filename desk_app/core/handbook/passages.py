"""An entry cut into passages: one per fact, paper, reason, related procedure and legal text. Each
passage knows its procedure, its section (where the panel scrolls) and the sources it cites."""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.domain.handbook import PAPER_KINDS, HandbookEntry, LegalBasis, Paper, Reason, Related, Source

# Section keys in the order the panel shows them, with their headings (vi, en).
SECTIONS: dict[str, tuple[str, str]] = {
    "purpose": ("Thủ tục để làm gì", "What it is for"),
    "applicants": ("Ai được yêu cầu", "Who may apply"),
    "on_behalf": ("Ai được nộp thay", "Who may apply on their behalf"),
    "authority": ("Cơ quan giải quyết", "Deciding authority"),
    "papers": ("Giấy tờ phải nộp và điều cần kiểm tra", "Papers and what to check"),
    "reasons": ("Lý do thường phải bổ sung hoặc từ chối", "Usual reasons to ask for more or refuse"),
    "fees": ("Lệ phí, phí và miễn giảm", "Fees and exemptions"),
    "time": ("Thời hạn giải quyết và gia hạn", "Processing time and extensions"),
    "related": ("Thủ tục liên quan, liên thông", "Related and joint procedures"),
    "legal_basis": ("Căn cứ pháp lý", "Legal basis"),
}
OUTCOMES = {"supplement": "Bổ sung", "refuse": "Từ chối"}


@dataclass(frozen=True)
class Passage:
    code: str
    procedure: str  # the entry's title
    section: str  # a key of SECTIONS
    text: str  # what the clerk reads
    sources: tuple[str, ...]  # "Luật Hộ tịch 2014, Điều 16", one per cited source
    derived: bool = False


def source_label(source: Source) -> str:
    return f"{source.title}, {source.articles}" if source.articles else source.title


def _paper_text(paper: Paper) -> str:
    parts = [f"{paper.name}{'' if paper.required else ' (nếu có)'}: {PAPER_KINDS[paper.kind]}."]
    if paper.form_number:
        parts.append(f"Mẫu: {paper.form_number}.")
    if paper.where_to_get:
        parts.append(f"Lấy ở: {paper.where_to_get}.")
    parts.append("Kiểm tra: " + " ".join(paper.checks))
    return " ".join(parts)


def item_text(item) -> str:
    if isinstance(item, Paper):
        return _paper_text(item)
    if isinstance(item, Reason):
        return f"{OUTCOMES[item.outcome]}: {item.text}"
    if isinstance(item, Related):
        return f"{item.code}{' (liên thông)' if item.joint else ''}: {item.text}"
    if isinstance(item, LegalBasis):
        return f"{item.document}: {item.articles}."
    return item.text


def section_items(entry: HandbookEntry, section: str) -> list:
    return list(getattr(entry, section))


def passages(entry: HandbookEntry) -> list[Passage]:
    out = []
    for section in SECTIONS:
        for item in section_items(entry, section):
            labels = tuple(source_label(entry.source(ref)) for ref in item.sources)
            out.append(Passage(entry.code, entry.title, section, item_text(item), labels, entry.derived))
    return out
