"""The desk's own procedures table as a target of the catalogue import (domain.catalogue_import)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.core import reference
from desk_app.domain.catalogue import ProcedureDefinition, definition_from_json
from desk_app.domain.catalogue_import import by_code
from desk_app.store.models import ProcedureRow


class DatabaseTarget:
    """The desk's procedures table, inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def existing(self) -> dict[str, list[ProcedureDefinition]]:
        texts = self.session.scalars(select(ProcedureRow.definition_json))
        return by_code(definition_from_json(text) for text in texts)

    def write(self, definitions: Sequence[ProcedureDefinition]) -> None:
        for defn in definitions:
            reference.store_definition(self.session, defn)
