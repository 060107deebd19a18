"""What the two window audits measure: whether each text a clerk reads has the room it needs (font scaling),
and where Tab takes the keyboard (keyboard reach). Both look at a shown top-level window as it is."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives on QtGui's Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QStyleOptionHeader,
    QTabBar,
    QTableView,
    QTextEdit,
    QToolButton,
    QWidget,
)

from tests.ui.conftest import press

LINE_EDIT_MARGIN = 2  # QLineEdit's fixed horizontal margin each side of the text (qlineedit_p.h)


# --- room for text -------------------------------------------------------------------------------------


def shown(widget: QWidget, window: QWidget) -> bool:
    """Visible on `window` itself (not in another top-level, not on a hidden page)."""
    return widget.isVisible() and widget.window() is window


def describe(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    name = widget.objectName() or type(widget).__name__
    return f"{name} «{plain(text)[:60]}»" if text else name


def plain(text: str) -> str:
    if GuiQt.mightBeRichText(text):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def _rich(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(label.text()))


def _mnemonic_size(fm: QFontMetrics, text: str) -> QSize:
    """Text as drawn with & mnemonics (the & takes no room), on as many lines as it has."""
    return fm.size(int(Qt.TextFlag.TextShowMnemonic), text)


def label_text_size(label: QLabel) -> QSize:
    if _rich(label):
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)  # QLabel lays rich text out without the document's margin
        doc.setHtml(label.text())
        return QSize(int(doc.idealWidth() + 0.999), int(doc.size().height() + 0.999))
    flags = Qt.TextFlag.TextShowMnemonic if label.buddy() is not None else Qt.TextFlag(0)
    return label.fontMetrics().size(int(flags), label.text())


def _label_room(label: QLabel) -> QRect:
    margin = label.margin()
    return label.contentsRect().adjusted(margin, margin, -margin, -margin)


def label_problems(label: QLabel) -> list[str]:
    if not label.text() or not label.pixmap().isNull():
        return []
    room = _label_room(label)
    if label.wordWrap():
        out = []
        needed = label.heightForWidth(label.width())
        if label.height() < needed:
            out.append(f"height {label.height()} < {needed} needed for its wrapped lines at width {label.width()}")
        words = plain(label.text()).split()
        widest = max((label.fontMetrics().horizontalAdvance(word) for word in words), default=0)
        if room.width() < widest:
            out.append(f"width {room.width()} < {widest} of its longest word")
        return out
    need = label_text_size(label)
    return _compare(room.size(), need, label.fontMetrics().height())


def _compare(room: QSize, need: QSize, line: int) -> list[str]:
    out = []
    if room.width() < need.width():
        out.append(f"width {room.width()} < {need.width()} needed")
    if room.height() < max(need.height(), line):
        out.append(f"height {room.height()} < {max(need.height(), line)} needed")
    return out


def button_problems(button: QAbstractButton) -> list[str]:
    text = button.text()
    if not text:
        return []
    fm = button.fontMetrics()
    need = _mnemonic_size(fm, text)
    if not button.icon().isNull():
        need.setWidth(need.width() + button.iconSize().width() + 4)
    style = button.style()
    if isinstance(button, QPushButton):
        option = QStyleOptionButton()
        option.initFrom(button)
        option.text = text
        room = style.subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
        # Fusion draws the label inside the bevel's frame; the contents rect already leaves it out.
        return _compare(room.size(), need, fm.height())
    if isinstance(button, QCheckBox | QRadioButton):
        option = QStyleOptionButton()
        option.initFrom(button)
        option.text = text
        element = (QStyle.SubElement.SE_CheckBoxContents if isinstance(button, QCheckBox)
                   else QStyle.SubElement.SE_RadioButtonContents)
        room = style.subElementRect(element, option, button)
        return _compare(room.size(), need, fm.height())
    return _compare(button.contentsRect().size(), need, fm.height())


def line_edit_room(edit: QLineEdit) -> int:
    """The width the text is drawn in: the frame, the text margins, the fixed margin and any visible
    side button (the clear button) left out."""
    option = QStyleOptionFrame()
    option.initFrom(edit)
    option.lineWidth = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, option, edit)
    option.features = QStyleOptionFrame.FrameFeature.None_
    rect = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    left, right = rect.left() + margins.left(), rect.right() - margins.right()
    for button in edit.findChildren(QToolButton):
        if button.isVisible() and button.parentWidget() is edit:
            if button.x() > edit.width() // 2:
                right = min(right, button.x() - 1)
            else:
                left = max(left, button.geometry().right() + 1)
    return right - left + 1 - 2 * LINE_EDIT_MARGIN


def line_edit_problems(edit: QLineEdit) -> list[str]:
    text = edit.text() or edit.placeholderText()
    fm = edit.fontMetrics()
    out = []
    if text and edit.echoMode() == QLineEdit.EchoMode.Normal:
        room, need = line_edit_room(edit), fm.horizontalAdvance(text)
        if room < need:
            what = "text" if edit.text() else "placeholder"
            out.append(f"{what} width {room} < {need} needed")
    if edit.height() < fm.height():
        out.append(f"height {edit.height()} < {fm.height()}")
    return out


def combo_problems(combo: QComboBox) -> list[str]:
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.editable = combo.isEditable()
    room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo)
    fm = combo.fontMetrics()
    out = []
    for index in range(combo.count()):  # any item may become the one shown
        text = combo.itemText(index)
        need = fm.horizontalAdvance(text) + (0 if combo.itemIcon(index).isNull() else combo.iconSize().width() + 4)
        if room.width() < need:
            out.append(f"item «{text}»: width {room.width()} < {need} needed")
    if room.height() < fm.height():
        out.append(f"height {room.height()} < {fm.height()}")
    return out


def spin_texts(spin: QAbstractSpinBox) -> list[str]:
    """What the box may show: for a number, its widest values with prefix and suffix; else the text now."""
    if isinstance(spin, QSpinBox):
        texts = [spin.prefix() + spin.textFromValue(v) + spin.suffix() for v in (spin.minimum(), spin.maximum())]
        if spin.specialValueText():
            texts.append(spin.specialValueText())
        return texts
    return [spin.text()]


def spin_problems(spin: QAbstractSpinBox) -> list[str]:
    edit = spin.findChild(QLineEdit)
    fm = spin.fontMetrics()
    room = edit.width() - 2 * LINE_EDIT_MARGIN
    out = [f"«{text}»: width {room} < {fm.horizontalAdvance(text)} needed"
           for text in spin_texts(spin) if room < fm.horizontalAdvance(text)]
    if edit.height() < fm.height():
        out.append(f"height {edit.height()} < {fm.height()}")
    return out


def header_problems(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return []
    out = []
    for logical in range(header.count()):
        if header.isSectionHidden(logical):
            continue
        text = str(model.headerData(logical, Qt.Orientation.Horizontal) or "")
        option = QStyleOptionHeader()
        option.initFrom(header)
        option.section, option.text = logical, text
        need = header.style().sizeFromContents(QStyle.ContentsType.CT_HeaderSection, option, QSize(), header)
        width = header.sectionSize(logical)
        if width < need.width():
            out.append(f"section «{text}»: width {width} < {need.width()} needed")
        if header.height() < need.height():
            out.append(f"section «{text}»: height {header.height()} < {need.height()} needed")
    return out


def cell_problems(table: QTableView) -> list[str]:
    """Cells cut short in a column sized for them; the stretching column (the procedure's long name, whole in
    the tooltip) elides by design."""
    header, model = table.horizontalHeader(), table.model()
    out = []
    for column in range(model.columnCount()):
        if header.isSectionHidden(column) or header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            continue
        need = table.sizeHintForColumn(column)
        if table.columnWidth(column) < need:
            title = model.headerData(column, Qt.Orientation.Horizontal)
            out.append(f"column «{title}»: width {table.columnWidth(column)} < {need} its cells need")
    return out


def tab_problems(bar: QTabBar) -> list[str]:
    fm = bar.fontMetrics()
    return [f"tab «{bar.tabText(i)}»: width {bar.tabRect(i).width()} < {fm.horizontalAdvance(bar.tabText(i))}"
            for i in range(bar.count()) if bar.tabRect(i).width() < _mnemonic_size(fm, bar.tabText(i)).width()]


def _sticks_out(widget: QWidget, window: QWidget) -> str:
    """The first ancestor that cuts the widget off (scroll areas scroll: their viewport may)."""
    rect, child = widget.rect(), widget
    while child is not window and child.parentWidget() is not None:
        parent = child.parentWidget()
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and parent is parent.parentWidget().viewport():
            return ""
        rect = rect.translated(child.pos())
        if not parent.rect().contains(rect):
            return f"cut off by {describe(parent)}: {rect.getRect()} outside {parent.rect().getRect()}"
        child = parent
    return ""


def room_problems(window: QWidget) -> list[str]:
    """Every visible text-bearing widget of `window` that has less room than its text needs."""
    checks = ((QLabel, label_problems), (QAbstractButton, button_problems), (QLineEdit, line_edit_problems),
              (QComboBox, combo_problems), (QAbstractSpinBox, spin_problems), (QHeaderView, header_problems),
              (QTableView, cell_problems), (QTabBar, tab_problems))
    out = []
    for widget in window.findChildren(QWidget):
        if not shown(widget, window) or _inside_spin_box(widget):
            continue
        for kind, check in checks:
            if isinstance(widget, kind):
                found = check(widget)
                if not found and isinstance(widget, QLabel | QAbstractButton | QLineEdit | QComboBox):
                    cut = _sticks_out(widget, window)
                    found = [cut] if cut else []
                out += [f"{describe(widget)}: {problem}" for problem in found]
                break
    return out


def _inside_spin_box(widget: QWidget) -> bool:
    return isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)


# --- keyboard reach ------------------------------------------------------------------------------------

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QPlainTextEdit, QTextEdit, QAbstractItemView,
          QTabBar)


def inputs(window: QWidget) -> list[QWidget]:
    """Every visible, enabled input and button of `window` the clerk may need (not the parts of compound
    widgets: a spin box's line edit, a line edit's clear button, a tab bar's scroll arrows)."""
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or not shown(widget, window) or not widget.isEnabled():
            continue
        if _inside_spin_box(widget) or isinstance(widget.parentWidget(), QLineEdit | QTabBar | QAbstractItemView):
            continue
        if isinstance(widget, QAbstractItemView) and widget.parentWidget() is not None and \
                widget.parentWidget().inherits("QComboBoxPrivateContainer"):
            continue
        found.append(widget)
    return found


def focus_owner(widget: QWidget | None) -> QWidget | None:
    """The input that holds the focus (a spin box for its inner line edit)."""
    while widget is not None and _inside_spin_box(widget):
        widget = widget.parentWidget()
    return widget


def tab_walk(start: QWidget, backwards: bool = False, limit: int = 150) -> tuple[list[QWidget], bool]:
    """Press Tab (or Shift+Tab) from `start` until the focus comes back to it. Returns the inputs in the order
    reached (one entry per input, though Tab may first step inside one, as in a date's day, month and year) and
    whether it came back: False means the keyboard was trapped (or the walk ran past `limit` keys)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    order: list[QWidget] = [start]
    left = False  # Tab may first move inside `start` (a date's sections): back means back after leaving
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    modifiers = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    for _ in range(limit):
        press(start, key, modifiers)
        now = focus_owner(QApplication.focusWidget())
        if now is None:
            return order, False
        if now is start and left:
            return order, True
        left = left or now is not start
        if now is not order[-1]:
            order.append(now)
    return order, False
