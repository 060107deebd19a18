"""Child process for the scan crash test: attaches scans in a loop, reporting each once it returned."""

from __future__ import annotations

import io
import sys

from PIL import Image, ImageDraw

from desk_app.core.scan_pdf import scan_file
from desk_app.services import Desk


def page(run: int, n: int) -> bytes:
    image = Image.effect_noise((600, 850), 30 + n % 20).convert("L")
    ImageDraw.Draw(image).text((40, 40), f"lan {run} trang {n}", fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(100, 100))
    return out.getvalue()


def main(path: str, code: str, document: str, run: int) -> None:
    desk = Desk.open(path)
    print("READY", flush=True)
    n = 0
    while True:
        n += 1
        scan = desk.scans.attach(code, document, [scan_file(f"trang{n}.png", page(run, n))], "canbo1")
        print(f"ATTACHED {scan.sha256}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
