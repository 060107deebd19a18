"""reportlab renderers for the standard one-stop forms, the receipt's QR code and the register export."""

from desk_app.printing.context import FormKind, PrintContext
from desk_app.printing.render import render_form, render_register_pdf, render_register_xlsx

__all__ = ["FormKind", "PrintContext", "render_form", "render_register_pdf", "render_register_xlsx"]
