"""The application's style: the platform's own, plus a focus ring on drop-down lists.

Fusion and the Windows styles draw a combo box the same with or without the keyboard on it, so a clerk
moving by Enter and Tab lost track of where the typing would go once a list had the focus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOptionComplex, QWidget


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
