"""Child process for the crash test: saves dossiers in a loop, reporting each save once it returned."""

from __future__ import annotations

import sys

from desk_app.core.dossiers import ReceiveRequest
from desk_app.domain.model import Applicant, EventKind, ReceivedDocument
from desk_app.services import Desk


def main(path: str, run: int) -> None:
    desk = Desk.open(path)
    print("READY", flush=True)
    n = 0
    while True:
        n += 1
        name = f"Nguyễn Thị Lần{run} Số{n}"
        request = ReceiveRequest("1.004873", Applicant(name, phone="0912345678"),
                                 [ReceivedDocument("Tờ khai", 1, 0), ReceivedDocument("Bản sao giấy tờ", 0, 2)])
        dossier = desk.dossiers.receive(request, "canbo1").dossier
        print(f"SAVED {dossier.dossier_id} {dossier.code} {name}", flush=True)
        if n % 3 == 0:
            desk.dossiers.apply(dossier.code, EventKind.TRANSFERRED, {}, "canbo1")
            print(f"STEP {dossier.dossier_id}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
