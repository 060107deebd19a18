"""The application's style: the platform's own, plus a focus ring on drop-down lists, in the bundled font.

Fusion and the Windows styles draw a combo box the same with or without the keyboard on it, so a clerk
moving by Enter and Tab lost track of where the typing would go once a list had the focus.

The window's text is set in Liberation Sans (OFL, shipped in resources/fonts, every Vietnamese letter) at
the system's size: with each PC's own font (Segoe UI, Tahoma, Noto Sans, DejaVu Sans) a label that fitted
on one machine was cut on another, so layout is the same everywhere and the audits hold on every PC.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QPainter, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOptionComplex, QWidget

from desk_app.paths import resource_path

UI_FAMILY = "Liberation Sans"
UI_FONT_FILES = ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf")


class FocusRingStyle(QProxyStyle):
    """The base style unchanged, but a focused combo box gets a ring in the highlight colour."""

    def drawComplexControl(self, control: QStyle.ComplexControl, option: QStyleOptionComplex,  # Qt API name
                           painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control == QStyle.ComplexControl.CC_ComboBox and option.state & QStyle.StateFlag.State_HasFocus:
            painter.save()
            width = max(2, option.fontMetrics.height() // 8)  # grows with the font, like the text
            painter.setPen(QPen(option.palette.highlight().color(), width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = width // 2
            painter.drawRoundedRect(option.rect.adjusted(half, half, -half - 1, -half - 1), 2, 2)
            painter.restore()


def install(app: QApplication) -> None:
    if not isinstance(app.style(), FocusRingStyle):
        app.setStyle(FocusRingStyle(app.style().name()))
    if load_ui_font():
        app.setFont(ui_font(0))


def load_ui_font() -> bool:
    """Register the bundled font with Qt (once); False if a file is missing or unreadable."""
    if UI_FAMILY in QFontDatabase.families():
        return True
    files = [resource_path("resources", "fonts", name) for name in UI_FONT_FILES]
    loaded = [QFontDatabase.addApplicationFont(str(path)) for path in files]
    return all(font_id >= 0 for font_id in loaded)


def ui_font(points: int) -> QFont:
    """The window's font at `points`, or at the system's own size for 0."""
    font = QFont(UI_FAMILY)
    system = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    font.setPointSizeF(points or system.pointSizeF())
    return font
