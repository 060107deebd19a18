"""What the clerk sees when something went wrong that no screen handled: a calm message, never a trace.

An error that escapes a slot is logged (desk_app.logs) and answered with one message naming the log file
for support; the window goes on. After a session that did not end cleanly (a crash, a power cut, the
task manager), the next start says so and that saved dossiers are safe: every save is one transaction.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desk_app import logs

_open: list[QMessageBox] = []  # at most one at a time: an error in a loop must not stack boxes


def install(files: logs.LogFiles) -> None:
    logs.on_uncaught(lambda _exc: _show(files))


def _show(files: logs.LogFiles) -> None:
    show_error(files)


def show_error(files: logs.LogFiles) -> QMessageBox | None:
    if _open:
        return None
    box = _box(QMessageBox.Icon.Warning,
               QApplication.translate("crash", "Có lỗi ngoài dự kiến"),
               QApplication.translate(
                   "crash", "Chương trình gặp một lỗi chưa lường trước; việc vừa làm có thể chưa xong. Các hồ sơ "
                   "đã lưu vẫn an toàn. Hãy thử lại; nếu lỗi lặp lại, gửi tệp nhật ký này cho bộ phận hỗ trợ:\n%1")
               .replace("%1", str(files.log)))
    box.finished.connect(lambda _r: _open.remove(box))
    _open.append(box)
    box.open()
    return box


def tell_about_last_session(files: logs.LogFiles, parent: QWidget | None = None) -> QMessageBox:
    box = _box(QMessageBox.Icon.Information,
               QApplication.translate("crash", "Lần trước chương trình đóng đột ngột"),
               QApplication.translate(
                   "crash", "Lần làm việc trước không kết thúc bình thường (mất điện, tắt máy hoặc lỗi). Các hồ sơ "
                   "đã lưu vẫn còn nguyên; hồ sơ đang nhập dở được giữ trong bản nháp. Nếu cần hỗ trợ, gửi "
                   "tệp nhật ký:\n%1").replace("%1", str(files.log)), parent)
    box.open()
    return box


def _box(icon: QMessageBox.Icon, title: str, text: str, parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the path can be copied
    return box
