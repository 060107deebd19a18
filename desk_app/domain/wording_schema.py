"""Which keys a wording file must have and which {placeholders} each text may use.

A key ending in "[]" is a list of lines; one ending in "?" may be left out (files written before it
existed still load, and the renderer then leaves its line out). Placeholders are checked when the
file is loaded, so a typo in a city-published correction is caught before anything is printed.
"""

from __future__ import annotations

Spec = dict[str, tuple[str, ...]]

COMMON: Spec = {
    "national_name": (),
    "national_motto": (),
    "section_name": (),
    "form_number": ("number",),
    "code_line": ("code",),
    "sign_hint": (),
    "sign_seal_hint": (),
    "reprint_mark": (),
    "reprint_time": ("time",),
    "training_mark": (),
    "continued": (),
    "page": ("page", "pages"),
    "label_section": (),
    "label_applicant": (),
    "label_address": (),
    "label_phone": (),
    "label_email": (),
    "label_procedure": (),
    "addressee": ("name",),
}

RECEIPT: Spec = {
    "number": (),
    "title": (),
    "copy_line": ("copy", "purpose"),
    "copies[]": (),
    "copy_short": ("copy",),
    "documents_heading": (),
    "documents_columns[]": (),
    "sets_line": ("sets",),
    "processing_time_line": ("rule_text",),
    "received_line": ("received_at",),
    "due_line": ("due_at",),
    "delivery_line": ("delivery",),
    "delivery_counter": (),
    "delivery_post": ("address",),
    "register_line": ("book", "entry"),
    "notify_line?": ("channel", "phone"),  # under the QR: the applicant agreed to messages about this dossier
    "authority_line?": ("authority",),  # printed when another body decides (police, city, another commune)
    "qr_caption": (),
    "signer_applicant": (),
    "signer_clerk": (),
    "footnote_heading": (),
    "footnote[]": (),
}

SUPPLEMENT: Spec = {
    "number": (),
    "title": (),
    "intro": ("received_at",),
    "items_columns[]": (),
    "guide_line": ("guide_name", "guide_phone"),  # a guide with a phone; the next three: the other cases
    "guide_line_name_only?": ("guide_name",),
    "guide_line_phone_only?": ("guide_phone",),
    "guide_line_desk?": (),
    "deadline_line?": ("deadline",),  # printed when the request gives a day to supplement by
    "closing": (),
    "signer": (),
}

REFUSAL: Spec = {
    "number": (),
    "title": (),
    "reason_intro": ("received_at",),
    "closing": (),
    "signer": (),
}

APOLOGY: Spec = {
    "number": (),
    "title": (),
    "intro": ("received_at", "procedure", "code"),
    "old_due_line": ("old_due_at",),
    "reason_line": ("reason",),
    "apology": (),
    "new_due_line": ("new_due_at",),
    "closing": (),
    "signer": (),
}

STOP: Spec = {
    "number": (),
    "title": (),
    "intro": ("requested_on", "procedure", "code"),
    "reason_line": ("reason",),
    "decision": ("stopped_at",),
    "return_documents": (),
    "signer": (),
}

CONTROL: Spec = {
    "number": (),
    "title": (),
    "label_attached": (),
    "label_lead": (),
    "label_coordinating": (),
    "due_line": ("due_at",),
    "columns[]": (),
    "give": ("name",),
    "take": ("name",),
    "giver_sign": (),
    "receiver_sign": (),
    "result_early": (),
    "result_on_time": (),
    "result_late": (),
    "applicant_person": ("name",),
    "supplement_out?": (),  # the note of a supplement round's hand-overs
    "supplement_in?": (),
    "return_id?": ("id",),  # the note of the return: who collected it
    "return_for_applicant?": (),
}

REGISTER: Spec = {
    "number": (),
    "title": (),
    "period": ("start", "end"),
    "columns[]": (),
    "note_supplement": (),
    "note_refused": (),
    "note_delayed": (),
    "note_stopped": (),
    "sheet_name": (),
    "fee_columns[]?": (),  # fees (issue 11): collected (net, đồng) and the standing receipt, after the others
}

# Fees (issue 11): the fee receipt (biên lai thu phí, lệ phí) and the day's collection sheet (bảng kê).
FEE_RECEIPT: Spec = {
    "number": (),
    "title": (),
    "copy_line": ("copy", "purpose"),
    "copies[]": (),
    "copy_short": ("copy",),
    "series_line": ("series", "number"),
    "unit_line": ("unit",),
    "payer_line": ("payer",),
    "address_line": ("address",),
    "dossier_line": ("code", "procedure"),
    "fee_line": ("fee",),
    "basis_line": ("basis",),
    "lines_columns[]": (),
    "total_line": ("amount",),
    "words_line": ("words",),
    "method_line": ("method",),
    "cash": (),
    "reference": ("reference",),
    "exempt": ("reason",),
    "replaces_line": ("receipt", "reason"),
    "signer_payer": (),
    "signer_collector": (),
}

COLLECTION_SHEET: Spec = {
    "title": (),
    "subtitle": ("day",),
    "desk_line": ("unit", "desk"),
    "clerk_line": ("clerk",),
    "columns[]": (),
    "kind_cancel": (),
    "kind_refund": (),
    "by_fee_heading": (),
    "by_method_heading": (),
    "cancelled_heading": (),
    "none": (),
    "total_line": ("amount", "receipts"),
    "words_line": ("words",),
    "closed_line": ("by", "at"),
    "open_line": (),
    "signer_clerk": (),
    "signer_supervisor": (),
}

FORMS: dict[str, Spec] = {
    "receipt": RECEIPT,
    "supplement": SUPPLEMENT,
    "refusal": REFUSAL,
    "apology": APOLOGY,
    "stop": STOP,
    "control": CONTROL,
    "register": REGISTER,
    "fee_receipt": FEE_RECEIPT,
    "collection_sheet": COLLECTION_SHEET,
}

# Every set must at least print a receipt; the 2018 set, for instance, has no stop notice.
REQUIRED_FORMS = ("receipt",)

# Fixed column counts: the renderers lay out exactly this many columns.
COLUMN_COUNTS = {
    ("receipt", "documents_columns[]"): 4,
    ("supplement", "items_columns[]"): 3,
    ("control", "columns[]"): 4,
    ("register", "columns[]"): 13,
    ("register", "fee_columns[]?"): 2,
    ("fee_receipt", "lines_columns[]"): 3,
    ("collection_sheet", "columns[]"): 8,
}
