"""Keyboard first, nothing requires the mouse: on every screen Tab goes round every visible, enabled input and
button and comes back to the first field (no trap, no empty stop), Shift+Tab goes the same way back, and what
is deliberately left out of the Tab chain has keys of its own that work. On the intake page the Tab order
follows reading order: the procedure column, then the form top to bottom, then the buttons under it."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget

from desk_app.ui.dossiers.list_page import VIEW_ORDER
from tests.ui.audit import INPUTS, describe, inputs, tab_walk
from tests.ui.conftest import press
from tests.ui.screens import SCREENS, Screen, open_screen

ALT = Qt.KeyboardModifier.AltModifier


def names(widgets: list[QWidget]) -> list[str]:
    return [describe(w) for w in widgets]


def pick_with_arrows(page) -> None:
    """The procedure list takes no focus: Down in the search moves its selection and Enter picks it."""
    results, search = page.picker.results, page.picker.search
    search.setFocus()
    row = min(results.currentRow() + 1, results.count() - 1)
    press(search, Qt.Key.Key_Down)
    assert results.currentRow() == row
    code = results.item(row).data(Qt.ItemDataRole.UserRole)
    press(search, Qt.Key.Key_Return)
    assert page.definition is not None and page.definition.code == code


def view_key(page, view: str) -> Callable[[], None]:
    """The day's views are one exclusive group (arrows move in it, like radio buttons); Alt+1..6 pick each."""

    def use() -> None:
        page.search.setFocus()
        press(page.search, getattr(Qt.Key, f"Key_{VIEW_ORDER.index(view) + 1}"), ALT)
        assert page.view == view and page.view_buttons[view].isChecked()

    return use


def scrolls_with_keys(widget: QWidget) -> bool:
    """A scroll area of pictures (the print preview's pages) is a stop of its own: PageDown scrolls it.
    One holding fields is not: each field scrolls into view as Tab reaches it."""
    if not isinstance(widget, QScrollArea) or widget.widget() is None:
        return False
    if any(w.focusPolicy() & Qt.FocusPolicy.TabFocus for w in widget.widget().findChildren(QWidget)):
        return False
    bar = widget.verticalScrollBar()
    before = bar.value()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    press(widget, Qt.Key.Key_PageDown)
    return bar.value() > before


def reprint_key(detail) -> None:
    """The reprint is out of the Tab chain on purpose (type-ahead must not reach it): Ctrl+P presses it."""
    pressed = []
    detail.reprint_button.clicked.disconnect()
    detail.reprint_button.clicked.connect(lambda: pressed.append(True))
    press(detail, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert pressed


def keyboard_ways(screen: Screen) -> dict[QWidget, Callable[[], None]]:
    """Inputs deliberately out of the Tab chain, each with a test of the keys that reach it instead."""
    window = screen.window
    if screen.name.startswith("intake"):
        return {window.intake.picker.results: lambda: pick_with_arrows(window.intake)}
    if screen.name == "detail":
        return {window.reprint_button: lambda: reprint_key(window)}
    if screen.name == "dossiers":
        return {window.dossiers.view_buttons[view]: view_key(window.dossiers, view) for view in VIEW_ORDER}
    return {}


@pytest.mark.parametrize("name", SCREENS)
def test_tab_goes_round_every_input_and_shift_tab_goes_back(qtbot, request, name):
    screen = open_screen(name, qtbot, request)
    order, cycled = tab_walk(screen.first)
    assert cycled, f"{name}: Tab is trapped at {describe(order[-1])} after {names(order)}"
    empty = [describe(w) for w in order if not isinstance(w, INPUTS) and not scrolls_with_keys(w)]
    assert not empty, f"{name}: Tab stops where there is nothing to type or press: {empty}"
    ways = keyboard_ways(screen)
    missing = [w for w in inputs(screen.window) if w not in order and w not in ways]
    assert not missing, f"{name}: Tab never reaches {names(missing)}"
    back, cycled = tab_walk(screen.first, backwards=True)
    assert cycled and back == [order[0], *reversed(order[1:])], f"{name}: Shift+Tab goes {names(back)}"
    for widget, use in ways.items():
        if widget not in order and widget.isVisible():
            use()


def reading_key(widget: QWidget, page: QWidget) -> tuple[int, int, int]:
    """(column, top, left) on the page: the procedure column, the form column, then the bar under both."""
    top_left = widget.mapTo(page, widget.rect().topLeft())
    left = page.picker.isAncestorOf(widget) or page.authority.isAncestorOf(widget)  # the procedure column
    column = 0 if left else 1 if page.form_host.isAncestorOf(widget) else 2
    if column == 1:  # the form scrolls: its own coordinates are the reading order
        top_left = widget.mapTo(page.form_host, widget.rect().topLeft())
    return column, top_left.y(), top_left.x()


def reads_before(first: QWidget, second: QWidget, page: QWidget) -> bool:
    """`second` comes after `first` in reading order: a later column, a lower line, or further right on the
    same line (widgets whose heights overlap share a line: a paper's tick box and its two counts)."""
    (c1, y1, x1), (c2, y2, x2) = reading_key(first, page), reading_key(second, page)
    if c1 != c2:
        return c1 < c2
    same_line = y2 < y1 + first.height() and y1 < y2 + second.height()
    return x2 > x1 if same_line else y2 > y1


@pytest.mark.parametrize("name", ["intake-empty", "intake-birth"])
def test_intake_tab_order_follows_reading_order(qtbot, request, name):
    screen = open_screen(name, qtbot, request)
    page = screen.window.intake
    order, cycled = tab_walk(screen.first)
    assert cycled
    on_page = [w for w in order if page.isAncestorOf(w)]
    assert on_page[0] is page.picker.search and on_page[-1] is page.save_button
    if name == "intake-birth":
        assert len([w for w in on_page if page.checklist.isAncestorOf(w)]) >= 10  # the papers and their counts
    wrong = [f"{describe(a)} {reading_key(a, page)} before {describe(b)} {reading_key(b, page)}"
             for a, b in itertools.pairwise(on_page) if not reads_before(a, b, page)]
    assert not wrong, f"{name}: Tab goes against reading order: {wrong}"
