#!/usr/bin/env bash
# One command for the whole test suite on a fresh machine: system packages the tests use, the venv
# with the dev tools, lint, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
[ -x /usr/sbin/cupsd ] || need_apt+=(cups)  # tests/ui/test_cups.py: a private cupsd with a cups-pdf queue
[ -e /usr/lib/cups/backend/cups-pdf ] || need_apt+=(printer-driver-cups-pdf)
# The city console's browser tests and screenshots drive Debian's headless Chromium through its driver.
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
if [ "${#need_apt[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        echo "Note: install ${need_apt[*]} for the printing/PostgreSQL/CUPS/browser tests (they are skipped otherwise)." >&2
    fi
fi

bash scripts/setup.sh dev
.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache  # the arrows between layers ([tool.importlinter] in pyproject.toml)
.venv/bin/mypy  # types ([tool.mypy] in pyproject.toml)
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/pytest "$@"
