#!/usr/bin/env bash
# Build the one-folder bundle with the venv's PyInstaller, then prove it works: run the bundled
# `MotCuaDesk --self-test` against a throwaway database and the bundled command line once.
# Fails loudly unless every self-test line is OK.
#
#   scripts/build_bundle.sh                     -> build/ and dist/MotCuaDesk/
#   DIST_DIR=/tmp/d WORK_DIR=/tmp/w scripts/build_bundle.sh
#
# Works from Git Bash on Windows too (.venv/Scripts, .exe names).
set -euo pipefail
cd "$(dirname "$0")/.."

dist="${DIST_DIR:-dist}"
work="${WORK_DIR:-build}"
bin=.venv/bin
exe=""
if [ -d .venv/Scripts ]; then
    bin=.venv/Scripts
    exe=.exe
fi

"$bin/python" -m desk_app.ui.i18n --build  # the bundle ships .qm files: compile them from the .ts first

started=$(date +%s)
"$bin/pyinstaller" --noconfirm --clean --log-level WARN --distpath "$dist" --workpath "$work" build.spec
seconds=$(($(date +%s) - started))
echo "Bundle built in ${seconds} s: $(du -sh "$dist/MotCuaDesk" | cut -f1) in $dist/MotCuaDesk"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
db="$scratch/selftest.sqlite3"

status=0
"$dist/MotCuaDesk/MotCuaDesk$exe" --self-test --db "$db" >/dev/null 2>"$scratch/stderr" || status=$?
log="$scratch/selftest.log"  # the windowed Windows exe prints nothing, so read the log it writes
if [ ! -s "$log" ]; then
    echo "SELF-TEST FAILED: no $log (exit $status)" >&2
    cat "$scratch/stderr" >&2
    exit 1
fi
cat "$log"
ok=$(grep -c '^OK ' "$log" || true)
failed=$(grep -c '^LỖI' "$log" || true)
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$ok" -lt 6 ] || ! grep -q 'tất cả đều OK' "$log"; then
    echo "SELF-TEST FAILED: exit $status, $ok OK, $failed LỖI" >&2
    cat "$scratch/stderr" >&2
    exit 1
fi

"$dist/MotCuaDesk/motcua-desk-cli$exe" --db "$db" audit verify
echo "Self-test passed: $ok checks OK."
