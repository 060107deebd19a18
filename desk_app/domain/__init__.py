"""The shared domain: what the desk and the city server both mean by a dossier.

Values (model), the legal steps and the status fold (lifecycle), event payloads, the clock (hlc), text
folding, the working calendar, and the schemas of the reference data the city publishes (procedure
catalogue, printed-form wording). Pure Python and pydantic: no database, no Qt, no HTTP, no knowledge of
where files live. Everything above it (desk core, store, printing, UI, sync client, city server)
depends on it; it depends on nothing of theirs.
"""
