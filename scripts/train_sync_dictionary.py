"""Train the zstd dictionary the compact sync wire ships in both ends (sync/wire.py, issue 13).

    .venv/bin/python scripts/train_sync_dictionary.py [--dossiers 3000] [--id 13001]

Samples are compact push batches (the real encoder over a real desk database) of synthetic dossiers:
procedures drawn from the shipped catalogue with their own document lists, Vietnamese names, addresses in
Hanoi's wards and communes (resources/data/units.csv), and the steps clerks record, with their wording.
Nothing here is a real person. The draws are seeded apart from bench/sync.py's, so the bench does not
measure the dictionary on its own training text. The result is resources/sync/motcua-<id>.zdict; a new
dictionary takes a new id (both ends keep the old ones, so a desk one dictionary behind still syncs).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import zstandard

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desk_app.core import replica  # noqa: E402
from desk_app.core.dossiers import ReceiveRequest  # noqa: E402
from desk_app.domain.model import Applicant, EventKind, ReceivedDocument  # noqa: E402
from desk_app.services import Desk  # noqa: E402
from sync import wire  # noqa: E402

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Tạ", "Chu", "Lương", "Khúc", "Kiều"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thu", "Quốc", "Ngọc", "Hữu", "Thanh", "Xuân", "Hải", "Kim", "Bảo", "Gia",
          "Thùy", "Diệu", "Công", "Đình", "Hồng", "Khánh"]
GIVEN = ["An", "Anh", "Bình", "Châu", "Chi", "Cường", "Dũng", "Duy", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa",
         "Hòa", "Huy", "Hương", "Khoa", "Lan", "Linh", "Long", "Mai", "Minh", "My", "Nam", "Nga", "Ngân", "Nhung",
         "Phong", "Phúc", "Phương", "Quân", "Quang", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tú", "Tuấn",
         "Uyên", "Vinh", "Vy", "Yến"]
STREETS = ["Ngõ", "Ngách", "Thôn", "Xóm", "Tổ dân phố", "Số"]
REASONS = ["Bản sao chưa được chứng thực", "Thiếu chữ ký của người khai", "Ảnh không đúng quy cách",
           "Giấy tờ hết hạn sử dụng", "Thông tin trên tờ khai không khớp với giấy tờ tùy thân"]


def procedures() -> list[dict]:
    found = []
    for path in sorted((ROOT / "forms" / "procedures").glob("*/v*.json")):
        definition = json.loads(path.read_text(encoding="utf-8"))
        if definition.get("authority_level") == "commune" and definition.get("documents"):
            found.append(definition)
    return found


def places() -> list[str]:
    with open(ROOT / "resources" / "data" / "units.csv", encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle) if row.get("name")]


def sample_desk(folder: Path, dossiers: int, seed: int) -> Desk:
    rng = random.Random(seed)
    catalogue, wards = procedures(), places()
    clock = [datetime(2026, 5, 4, 7, 45)]

    def now() -> datetime:
        clock[0] += timedelta(seconds=rng.randrange(20, 900))
        return clock[0]

    desk = Desk.open(folder / f"train-{seed}.sqlite3", now=now)
    desk.configure(unit_code="00004", desk_no=rng.randrange(1, 4))
    for i in range(dossiers):
        definition = rng.choice(catalogue)
        ward = rng.choice(wards)
        applicant = Applicant(
            full_name=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            personal_id=f"0{rng.randrange(1, 97):02d}{rng.randrange(10**9):09d}",
            phone=f"0{rng.choice('35789')}{rng.randrange(10**8):08d}",
            address=f"{rng.choice(STREETS)} {rng.randrange(1, 300)}, {ward}, Hà Nội")
        documents = [ReceivedDocument(d["name"], rng.randrange(0, 2), rng.randrange(0, 3))
                     for d in definition["documents"][: rng.randrange(1, 4)]]
        try:
            code = desk.dossiers.receive(ReceiveRequest(definition["code"], applicant, documents), "canbo1") \
                .dossier.code
        except Exception:  # a procedure needing fields this generator does not fill: skip it
            continue
        for kind, payload in rng.choice(_STEP_PLANS)(rng, applicant):
            try:
                desk.dossiers.apply(code, kind, payload, rng.choice(["canbo1", "canbo2", "giamsat"]))
            except Exception:
                break
        if i % 50 == 0:
            clock[0] += timedelta(hours=14)
    return desk


def _supplement(rng: random.Random, applicant: Applicant) -> list[tuple[EventKind, dict]]:
    item = rng.choice(["Bản sao Căn cước công dân", "Giấy khai sinh", "Sổ hộ khẩu", "Tờ khai"])
    return [(EventKind.SUPPLEMENT_REQUESTED, {"items": [{"item": item, "reason": rng.choice(REASONS)}]}),
            (EventKind.SUPPLEMENT_RECEIVED, {"documents": [{"name": item, "originals": 0, "copies": 1}]}),
            (EventKind.RESULT_READY, {}), (EventKind.RETURNED, {"receiver_name": applicant.full_name})]


def _plain(rng: random.Random, applicant: Applicant) -> list[tuple[EventKind, dict]]:
    return [(EventKind.RESULT_READY, {}), (EventKind.RETURNED, {"receiver_name": applicant.full_name})][
        : rng.randrange(0, 3)]


_STEP_PLANS = [_supplement, _plain, _plain]


def samples(dossiers: int) -> list[bytes]:
    out: list[bytes] = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(4):
            desk = sample_desk(Path(tmp), dossiers // 4, 9_000 + seed)
            with desk.store.read() as session:
                events = [replica.wire_dict(row) for row in replica.unsent(session, 10**9)]
            desk.close()
            groups: dict[str, list[dict]] = {}
            for event in events:  # whole dossiers together, as the desk's batches carry them (sync/client.py)
                groups.setdefault(event["dossier_id"], []).append(event)
            events = [event for group in groups.values() for event in group]
            for size in (25, 60, 150, 400):
                for start in range(0, len(events), size):
                    out.append(wire.dumps(wire.encode_events(events[start:start + size])))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=3000)
    parser.add_argument("--id", type=int, default=13001, help="the dictionary's id (in every zstd frame)")
    parser.add_argument("--size", type=int, default=32 * 1024)
    args = parser.parse_args()
    data = samples(args.dossiers)
    trained = zstandard.train_dictionary(args.size, data, dict_id=args.id, level=19)
    target = ROOT / "resources" / "sync" / f"motcua-{args.id}.zdict"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(trained.as_bytes())
    print(f"{target.relative_to(ROOT)}: {len(trained.as_bytes())} bytes from {len(data)} samples "
          f"({sum(map(len, data)) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
