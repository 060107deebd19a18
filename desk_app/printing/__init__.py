"""reportlab renderers for the standard one-stop forms, the receipt's QR code and the register export.

The renderers are imported on first use (PEP 562): reportlab and openpyxl cost about half a second to
import, which the window's start-up should not pay before anything is printed.
"""

from importlib import import_module

from desk_app.printing.context import FormKind, PrintContext

__all__ = ["FormKind", "PrintContext", "render_form", "render_register_pdf", "render_register_xlsx"]
_LAZY = {"render_form", "render_register_pdf", "render_register_xlsx"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module("desk_app.printing.render"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
