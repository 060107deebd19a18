#!/usr/bin/env bash
# One command for a newcomer: set everything up and start MotCua Desk's window on its embedded default,
# a local SQLite database seeded with Hanoi's 126 units, the holidays and the procedure catalogue, plus
# realistic sample dossiers and demo accounts (canbo1 / canbo2 / giamsat / quantri, password motcua-demo).
# The demo is seeded before any account exists, so these set-up commands ask no password.
# The demo database is kept between runs; `bash scripts/start.sh --reset` starts it afresh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export MOTCUA_DB="${MOTCUA_DB:-$PWD/.demo/motcua-desk.sqlite3}"
mkdir -p "$(dirname "$MOTCUA_DB")"
if [ "${1:-}" = "--reset" ]; then
    rm -f "$MOTCUA_DB" "$MOTCUA_DB-wal" "$MOTCUA_DB-shm" "${MOTCUA_DB%.sqlite3}"-thuc-hanh.sqlite3*
fi
if [ ! -f "$MOTCUA_DB" ]; then
    .venv/bin/desk-app init --unit 09661 --desk-no 1
    .venv/bin/desk-app demo --accounts --dossiers "${DEMO_DOSSIERS:-300}"
fi
echo "Cơ sở dữ liệu: $MOTCUA_DB"
echo "Đăng nhập: canbo1 (cán bộ), giamsat (giám sát) hoặc quantri (quản trị), mật khẩu: motcua-demo"
if [ "$(uname -s)" = Linux ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "Máy này không có màn hình (no display): chạy tự kiểm tra thay cho cửa sổ." >&2
    exec .venv/bin/motcua-desk --self-test
fi
exec .venv/bin/motcua-desk
