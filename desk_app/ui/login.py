"""Log-in: the clerk's account on this desk. On a desk with no account yet, the first one is created
here (as an administrator) so a fresh install is usable without a terminal."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.accounts import Role, User
from desk_app.domain.errors import DeskError, PasswordChangeRequired
from desk_app.services import Desk
from desk_app.ui.keys import enter_advances

# What a Windows title bar takes besides the title: the icon and its padding (~40 px) and the three
# caption buttons (46 px each). A dialog narrower than its title plus this shows "MotCua …ng nhập".
TITLE_BAR_CHROME = 180


def error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.hide()
    return label


class LoginDialog(QDialog):
    """Accepts with `.user` set once a password matches; wrong passwords and lock-outs show inline."""

    def __init__(self, desk: Desk, lang: str = "vi", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.lang = desk, lang
        self.user: User | None = None
        self.first_run = not desk.accounts.list()
        self.changing = False  # a temporary password from the centre was right: a new one is asked for
        self.setWindowTitle(self.tr("MotCua Desk: đăng nhập"))
        self._build()

    def _build(self) -> None:
        unit = self.desk.unit(self.desk.settings.unit_code)
        heading = QLabel(self.tr("<b>Bộ phận một cửa %1</b><br>Bàn số %2").replace("%1", unit.name)
                         .replace("%2", str(self.desk.settings.desk_no)), self)
        form = QFormLayout()
        self.full_name = QLineEdit(self)
        self.username = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        if self.first_run:
            form.addRow(QLabel(self.tr("Máy chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên:"), self))
            form.addRow(self.tr("&Họ và tên"), self.full_name)
        form.addRow(self.tr("&Tên đăng nhập"), self.username)
        form.addRow(self.tr("&Mật khẩu"), self.password)
        if self.first_run:
            form.addRow(self.tr("&Nhập lại mật khẩu"), self.repeat)
        self.new_password = QLineEdit(self)
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_repeat = QLineEdit(self)
        self.new_repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Mật khẩu mớ&i"), self.new_password)
        form.addRow(self.tr("Nhập &lại mật khẩu mới"), self.new_repeat)
        self.new_repeat.returnPressed.connect(self._submit)
        self._change_rows = (self.new_password, self.new_repeat)
        for widget in self._change_rows:
            widget.setVisible(False)
            if (label := form.labelForField(widget)) is not None:
                label.setVisible(False)
        self._form = form
        self.error = error_label(self)
        self.submit = QPushButton(self.tr("Tạo tài khoản") if self.first_run else self.tr("Đăng nhập"), self)
        self.submit.setAutoDefault(False)
        self.submit.clicked.connect(self._submit)
        (self.repeat if self.first_run else self.password).returnPressed.connect(self._submit)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.submit)
        layout.addLayout(buttons)
        for widget in (self.full_name, self.repeat):
            widget.setVisible(self.first_run)
        enter_advances(self, last=(self.repeat if self.first_run else self.password,))
        self.title_room = QSpacerItem(0, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
        layout.addItem(self.title_room)  # a width the layout keeps, whatever else it holds
        self._fit_title()
        (self.full_name if self.first_run else self.username).setFocus(Qt.FocusReason.OtherFocusReason)

    def _submit(self) -> None:
        try:
            if self.first_run:
                self._create_first()
            if self.changing:
                self._change_temporary()
            self.user = self.desk.accounts.authenticate(self.username.text(), self.password.text())
        except PasswordChangeRequired as exc:
            self._ask_new_password(exc.message(self.lang))
            return
        except DeskError as exc:
            self._show(exc.message(self.lang))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()

    def _ask_new_password(self, message: str) -> None:
        """The centre's temporary password was right: show the new-password rows, the reason above them."""
        self.changing = True
        for widget in self._change_rows:
            widget.setVisible(True)
            if (label := self._form.labelForField(widget)) is not None:
                label.setVisible(True)
        self.username.setReadOnly(True)
        self.submit.setText(self.tr("Đổi mật khẩu và đăng nhập"))
        self._show(message)
        self.new_password.setFocus()

    def _change_temporary(self) -> None:
        if self.new_password.text() != self.new_repeat.text():
            raise DeskError("Hai lần nhập mật khẩu mới không khớp.", "The two new passwords do not match.")
        self.desk.accounts.change_password(self.username.text(), self.password.text(), self.new_password.text())
        self.password.setText(self.new_password.text())
        self.changing = False

    def _create_first(self) -> None:
        if self.password.text() != self.repeat.text():
            raise DeskError("Hai lần nhập mật khẩu không khớp.", "The two passwords do not match.")
        self.desk.accounts.create(self.username.text().strip().lower(), self.full_name.text(), Role.ADMIN,
                                  self.password.text(), actor="setup")
        self.first_run = False

    def _fit_title(self) -> None:
        """Wide enough for the whole title in the title bar, and for a form a clerk can read."""
        fm = self.fontMetrics()
        self.title_room.changeSize(max(fm.horizontalAdvance(self.windowTitle()) + TITLE_BAR_CHROME,
                                       fm.averageCharWidth() * 48), 0,
                                   QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
        if (layout := self.layout()) is not None:
            layout.invalidate()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        # a larger text setting: a longer title
        if event.type() == QEvent.Type.FontChange and self.layout() is not None:
            self._fit_title()

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        # A top-level does not grow for a wrapped label shown later: the message was cut to two lines.
        if (layout := self.layout()) is not None:
            layout.activate()
        self.resize(self.width(), max(self.height(), self.heightForWidth(self.width()),
                                      self.minimumSizeHint().height()))
