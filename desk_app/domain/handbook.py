"""The handbook entry format: what a clerk needs to receive one procedure's dossier, each fact with its
public source. See forms/handbook/README.md for the editors' description of every key."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

from desk_app.domain.catalogue import CODE_PATTERN, Text

SCHEMA_VERSION = 1
_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _check_source_id(value: str) -> str:
    if not _SOURCE_ID.match(value):
        raise ValueError("mã nguồn viết thường, không dấu, dạng luat_ho_tich")
    return value


SourceId = Annotated[str, AfterValidator(_check_source_id)]
SourceIds = Annotated[list[SourceId], Field(min_length=1)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Spec):
    """A public text a fact comes from: a law with its articles, a portal page, a Q&A page."""

    id: SourceId
    title: Text
    url: str = ""
    articles: str = ""  # e.g. "Điều 16"; the article the facts rest on, where the source is a legal text


class Fact(_Spec):
    """One statement in the clerk's words, with the sources it rests on."""

    text: Text
    sources: SourceIds


# How a paper is handed over, which is what the clerk checks first.
PaperKind = Literal["form", "original", "copy", "certified_copy", "show_original"]
PAPER_KINDS: dict[str, str] = {
    "form": "Tờ khai/đơn theo mẫu (bản chính)",
    "original": "Bản chính, nộp lại",
    "copy": "Bản sao hoặc bản chụp",
    "certified_copy": "Bản sao có chứng thực, hoặc bản chụp kèm bản chính để đối chiếu",
    "show_original": "Xuất trình bản chính để đối chiếu rồi trả lại",
}


class Paper(_Spec):
    """A paper of the dossier and what the clerk checks on it."""

    name: Text
    kind: PaperKind
    required: StrictBool = True
    form_number: str = ""  # "Mẫu ... ban hành kèm theo TT 04/2024/TT-BTP"
    where_to_get: str = ""
    checks: list[Text] = Field(min_length=1)
    sources: SourceIds


class Reason(_Spec):
    """A usual reason a dossier is sent back for supplement or refused."""

    outcome: Literal["supplement", "refuse"]
    text: Text
    sources: SourceIds


class Related(_Spec):
    """A procedure the citizen often needs with this one, or a joint (liên thông) one."""

    code: str = Field(pattern=CODE_PATTERN)
    text: Text
    joint: StrictBool = False
    sources: SourceIds


class LegalBasis(_Spec):
    document: Text
    articles: Text
    sources: SourceIds


class HandbookEntry(_Spec):
    """One version of one procedure's handbook entry."""

    schema_version: Literal[1] = Field(1, alias="$schema_version")  # = SCHEMA_VERSION
    code: str = Field(pattern=CODE_PATTERN)
    version: StrictInt = Field(ge=1)
    effective_from: date
    title: Text
    also_called: list[Text] = []  # the words citizens use for it ("làm giấy khai sinh"), for the search
    purpose: list[Fact] = Field(min_length=1)
    applicants: list[Fact] = Field(min_length=1)
    on_behalf: list[Fact] = Field(min_length=1)
    authority: list[Fact] = Field(min_length=1)
    papers: list[Paper] = Field(min_length=1)
    reasons: list[Reason] = Field(min_length=1)
    fees: list[Fact] = Field(min_length=1)
    time: list[Fact] = Field(min_length=1)
    related: list[Related] = []
    legal_basis: list[LegalBasis] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    derived: StrictBool = False  # made by the program from the definition, not written by a person
    notes: str = ""

    model_config = ConfigDict(populate_by_name=True)

    @model_validator(mode="after")
    def _every_fact_names_a_listed_source(self) -> HandbookEntry:
        ids = [s.id for s in self.sources]
        if len(ids) != len(set(ids)):
            raise ValueError("các mã trong 'sources' bị trùng")
        known = set(ids)
        missing = sorted({ref for item in self.cited_items() for ref in item.sources} - known)
        if missing:
            raise ValueError(f"nguồn chưa khai báo trong 'sources': {', '.join(missing)}")
        return self

    def cited_items(self) -> list[Fact | Paper | Reason | Related | LegalBasis]:
        return [*self.purpose, *self.applicants, *self.on_behalf, *self.authority, *self.papers, *self.reasons,
                *self.fees, *self.time, *self.related, *self.legal_basis]

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)
