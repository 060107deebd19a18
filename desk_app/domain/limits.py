"""The one set of size limits every field and list of an event must keep, at the desk and at the city.

The desk refuses at intake what the server would refuse at push, so a dossier that was saved can always
travel (a dossier the server cannot take would otherwise sit on the desk for good, its receipt's QR never
answering). The payload models in `payloads` apply these; the wire schema publishes them.
"""

from __future__ import annotations

from typing import Final

NAME: Final = 200  # a person's full name, the receiver of a result, a guide
PERSONAL_ID: Final = 12
PHONE: Final = 20
EMAIL: Final = 254  # RFC 5321 path limit
ADDRESS: Final = 500
DOCUMENT_NAME: Final = 300
DOCUMENTS: Final = 100  # lines on one checklist (the longest shipped procedure has 14)
COPIES: Final = 1_000  # originals or copies of one document
SETS: Final = 1_000
FEE_VND: Final = 999_999_999_999  # the largest amount receipts write in words
REASON: Final = 2_000  # a refusal, stop or delay reason; a note
ITEMS: Final = 100  # papers asked for in one supplement request
CODE: Final = 80  # printed dossier code, lookup key, procedure code
PROCEDURE_NAME: Final = 1_000
RULE_TEXT: Final = 200
FIELDS: Final = 50  # procedure-specific inputs on one dossier
FIELD_KEY: Final = 40
FIELD_VALUE: Final = 1_000
# The event's envelope (sync.protocol.WireEvent): who recorded it, on which desk, under which ids.
ACTOR: Final = 200
DESK_ID: Final = 64
ID: Final = 64  # event and dossier ids (UUIDs at the desk)
# The canonical JSON of one event. A batch holds at least MAX_BODY_BYTES / EVENT_BYTES events.
EVENT_BYTES: Final = 64 * 1024
# Scanned papers (issue 12): one file handed to the desk (checked before it is read: a 300 MB TIFF is
# refused unread), the pixels of one page (a decompression bomb is refused before decoding), the pages of
# one document, and every scan of one dossier together (about 200 grey A4 pages at ~150 KB).
SCAN_FILE_BYTES: Final = 50 * 1024 * 1024
SCAN_PAGE_PIXELS: Final = 40_000_000  # A4 at 600 dpi is 35 million
SCAN_PAGES: Final = 200
SCAN_DOSSIER_BYTES: Final = 30 * 1024 * 1024
