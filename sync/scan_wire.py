"""The scan transfer's wire models (issue 12), apart from the event exchange so each can change alone.

After the events of a round the desk offers the hashes of scans it holds that the city may lack
(`ScanOffer`); the city answers per hash: it has it, it wants it (from `offset`, the bytes of an earlier
upload it kept), or it refuses it (no scan of this device's point names that hash); with the answer
come the chunk size and the byte budget of this round for this point. Chunks are raw bytes,
`PUT /v1/scans/{sha256}?offset=N&size=TOTAL`; each answer says how far the city holds the file.
A scan is kept only once its whole SHA-256 matches.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from desk_app.domain import limits

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
MAX_SCAN_BYTES = limits.SCAN_DOSSIER_BYTES  # one scan is never larger than a dossier's scans together
MAX_OFFER = 1000  # hashes in one offer: ~70 kB of JSON before gzip, one round trip
DEFAULT_CHUNK_BYTES = 64 * 1024
MAX_CHUNK_BYTES = 1024 * 1024  # the server refuses a larger chunk body (nginx's default body cap)
OFFSET_HEADER = "Upload-Offset"  # on every chunk answer, as in tus: how many bytes the city holds


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class OfferedScan(_Wire):
    sha256: Sha256
    size: Annotated[int, Field(ge=1, le=MAX_SCAN_BYTES)]


class ScanOffer(_Wire):
    scans: Annotated[list[OfferedScan], Field(max_length=MAX_OFFER)]


ScanStatus = Literal["have", "want", "refused"]


class ScanWanted(_Wire):
    sha256: str
    status: ScanStatus
    offset: int = 0  # for "want": the bytes the city already holds from an interrupted upload


class ScanOfferAnswer(_Wire):
    scans: list[ScanWanted]
    chunk_bytes: int = DEFAULT_CHUNK_BYTES
    budget_bytes: int = 0  # scan bytes this point may send in one round; 0: no limit


class ChunkAnswer(_Wire):
    sha256: str
    offset: int  # bytes the city holds now
    stored: bool = False  # the whole file arrived, matched its hash and is kept
