#!/usr/bin/env bash
# One command for a newcomer: set everything up and start MotCua Desk on its embedded default,
# a fresh local SQLite database seeded with Hanoi's 126 units, the holidays and the procedure
# catalogue, plus realistic sample dossiers. Until the window lands this is the CLI's demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export MOTCUA_DB="${MOTCUA_DB:-$PWD/.demo/motcua-desk.sqlite3}"
mkdir -p "$(dirname "$MOTCUA_DB")"
rm -f "$MOTCUA_DB" "$MOTCUA_DB-wal" "$MOTCUA_DB-shm"
.venv/bin/desk-app init --unit 09661 --desk-no 1
.venv/bin/desk-app demo --dossiers "${DEMO_DOSSIERS:-200}"
echo
echo "== Hồ sơ quá hạn (overdue) =="
.venv/bin/desk-app list --view overdue --limit 10
echo
echo "== Tìm 'nguyen van' (search without accents) =="
.venv/bin/desk-app search "nguyen van" --limit 5
echo
echo "Cơ sở dữ liệu: $MOTCUA_DB"
echo "Thử tiếp:  MOTCUA_DB=$MOTCUA_DB .venv/bin/desk-app --help"
