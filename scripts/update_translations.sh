#!/usr/bin/env bash
# Refresh resources/translations/motcua_en.ts from the window's source (strings are written in
# Vietnamese; English is the translation), keeping existing translations, then compile every .ts to .qm.
# Run after changing UI text; translate new entries with pyside6-linguist or an editor, then run again.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t sources < <(find desk_app/ui -name '*.py' | sort)
.venv/bin/pyside6-lupdate -silent -no-obsolete -source-language vi_VN -target-language en_GB \
    "${sources[@]}" -ts resources/translations/motcua_en.ts
.venv/bin/python -m desk_app.ui.i18n --build
