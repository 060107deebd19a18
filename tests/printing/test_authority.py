"""The receipt and the control sheet name the body that decides: the commune, its police, a city
department, or another commune the point receives for. Read back from the real PDFs with pdftotext."""

from __future__ import annotations

import re
import subprocess

import pytest

from desk_app.domain.model import ReceivedDocument
from tests.conftest import request


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return re.sub(r"\s+", " ", out.stdout)


def _receive(desk, procedure: str, document: str, **changes) -> str:
    docs = [ReceivedDocument(document, 1, 0)]
    return desk.dossiers.receive(request(procedure, documents=docs, **changes), "canbo1").dossier.code


@pytest.mark.parametrize(
    ("procedure", "document", "changes", "decides"),
    [
        ("1.004222", "Tờ khai thay đổi thông tin cư trú (mẫu CT01, TT 66/2023/TT-BCA)", {}, "Công an Xã Minh Châu"),
        ("1.012786", "Đơn đề nghị cấp lại Giấy chứng nhận (mẫu số 19)", {},
         "Văn phòng Đăng ký đất đai Hà Nội (chi nhánh)"),
        ("1.004873", "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", {"authority": "00070"}, "UBND Phường Hoàn Kiếm"),
    ],
)
def test_receipt_and_control_sheet_print_who_decides(desk, tmp_path, procedure, document, changes, decides):
    code = _receive(desk, procedure, document, **changes)
    receipt = _text(desk.print_form("receipt", code, "canbo1"), tmp_path)
    control = _text(desk.print_form("control", code, "canbo1"), tmp_path)
    assert f"Cơ quan giải quyết hồ sơ: {decides}" in receipt
    assert f"Cơ quan (bộ phận) giải quyết hồ sơ: {decides}" in control


def test_own_commune_procedure_receipt_has_no_extra_authority_line(desk, tmp_path):
    code = _receive(desk, "1.004873", "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân")
    receipt = _text(desk.print_form("receipt", code, "canbo1"), tmp_path)
    assert "Cơ quan giải quyết hồ sơ" not in receipt  # the official form has no such line for its own work
    control = _text(desk.print_form("control", code, "canbo1"), tmp_path)
    assert "giải quyết hồ sơ: UBND Xã Minh Châu" in control
