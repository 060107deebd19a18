"""The entry the handbook shows for a procedure nobody has written one for: what its definition says
(papers, time, fee, legal basis, source), marked as derived so the clerk knows to check the portal."""

from __future__ import annotations

from desk_app.domain.catalogue import DocumentSpec, ProcedureDefinition
from desk_app.domain.handbook import Fact, HandbookEntry, LegalBasis, Paper, Reason, Source

DERIVED_NOTE = ("Mục này do chương trình lập từ định nghĩa thủ tục, chưa có người biên soạn: đối chiếu trang "
                "thủ tục trên Cổng Dịch vụ công quốc gia trước khi hướng dẫn người dân.")
_DEF = "definition"
_PORTAL = "dvc"


def _paper(doc: DocumentSpec) -> Paper:
    if doc.present_only:
        kind, check = "show_original", "Xem bản chính, đối chiếu với người nộp rồi trả lại."
    elif doc.is_form:
        kind, check = "form", "Tờ khai đúng mẫu, điền đủ các mục, có chữ ký của người yêu cầu."
    elif doc.copies and not doc.originals:
        kind, check = "copy", f"Nhận {doc.copies} bản sao; đối chiếu với bản chính nếu là bản chụp."
    else:
        extra = f", {doc.copies} bản sao" if doc.copies else ""
        kind, check = "original", f"Nhận {doc.originals} bản chính{extra}."
    return Paper(name=doc.name, kind=kind, required=doc.required, checks=[check], sources=[_DEF])


def _sources(defn: ProcedureDefinition) -> list[Source]:
    evidence = "; ".join(f"{k}: {v}" for k, v in defn.source.items()) or "định nghĩa thủ tục"
    return [
        Source(id=_DEF, title=f"Định nghĩa thủ tục {defn.code} phiên bản {defn.version} ({evidence})"),
        Source(id=_PORTAL, title=f"Cổng Dịch vụ công quốc gia, thủ tục mã {defn.code} (tìm theo mã)",
               url="https://dichvucong.gov.vn"),
    ]


def derived_entry(defn: ProcedureDefinition) -> HandbookEntry:
    """A minimal, honest entry: only what the definition states, each fact citing it."""
    cite = [_DEF]
    return HandbookEntry(
        code=defn.code, version=defn.version, effective_from=defn.effective_from, title=defn.name,
        purpose=[Fact(text=f"{defn.name} (lĩnh vực {defn.field}).", sources=cite)],
        applicants=[Fact(text="Chưa biên soạn: xem đối tượng thực hiện trên trang thủ tục.", sources=[_PORTAL])],
        on_behalf=[Fact(text="Chưa biên soạn: xem trang thủ tục về việc ủy quyền.", sources=[_PORTAL])],
        authority=[Fact(text=f"Cơ quan giải quyết: {defn.competent_authority}.", sources=cite)],
        papers=[_paper(doc) for doc in defn.documents],
        reasons=[Reason(outcome="supplement", text="Thiếu một trong các giấy tờ bắt buộc ở danh sách trên.",
                        sources=cite)],
        fees=[Fact(text=defn.fee.text, sources=cite)],
        time=[Fact(text=defn.processing_time_text, sources=cite)],
        legal_basis=[LegalBasis(document=defn.legal_basis, articles="xem văn bản", sources=cite)],
        sources=_sources(defn), derived=True, notes=DERIVED_NOTE,
    )
