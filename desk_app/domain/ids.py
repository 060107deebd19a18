"""Ids a desk derives from its clock stamp instead of drawing at random (issue 13).

An HLC stamp names its desk and never repeats on it, so a name-based UUID of the stamp is as unique as a
random one; but the city can compute it again from the stamp it receives anyway, so the compact wire
sends neither the event id nor, for a new dossier, the dossier id (32 random bytes an event were ~40 % of
the push). Events saved before this, or made elsewhere, keep their random ids: the wire sends those.
"""

from __future__ import annotations

import uuid

_EVENT = uuid.UUID("6f1c2e0a-5b7d-4c1e-9a53-0d6e1f7a9c01")
_DOSSIER = uuid.UUID("6f1c2e0a-5b7d-4c1e-9a53-0d6e1f7a9c02")


def event_id_for(hlc: str) -> str:
    return str(uuid.uuid5(_EVENT, hlc))


def dossier_id_for(hlc: str) -> str:
    """The id of the dossier whose "received" event carries this stamp."""
    return str(uuid.uuid5(_DOSSIER, hlc))
