#!/usr/bin/env bash
# policygen set-up and tasks on a Debian machine. Each task installs what it needs.
#   ./dev.sh build   build the booklet and every policy of this folder into build/
#   ./dev.sh test    lint (ruff), type-check (mypy --strict) and run the test suite
#   ./dev.sh bench   run the benchmark (bench/README.md)
#   ./dev.sh setup   only install (system packages, fonts, virtual environment)
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=scripts/system-setup.sh
. scripts/system-setup.sh

venv() {
  if [ ! -x .venv/bin/python ]; then
    say "creating .venv"
    python3 -m venv .venv
  fi
  if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
    say "installing policygen and its Python dependencies into .venv"
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    .venv/bin/python -m pip install -q -e '.[test]'
    touch .venv/.installed
  fi
}

task="${1:-build}"
shift || true
case "$task" in
  setup)
    apt_install "${RUNTIME_PKGS[@]}" "${TEST_PKGS[@]}"; fandol_fonts; venv ;;
  build)
    apt_install "${RUNTIME_PKGS[@]}" "${DOCX_PKGS[@]}"; fandol_fonts; venv
    exec .venv/bin/policygen build "$@" ;;
  test)
    apt_install "${RUNTIME_PKGS[@]}" "${TEST_PKGS[@]}"; fandol_fonts; venv
    say "ruff check"; .venv/bin/ruff check
    say "mypy --strict policygen"; .venv/bin/mypy
    exec .venv/bin/python -m pytest "$@" ;;
  bench)
    apt_install "${RUNTIME_PKGS[@]}" pandoc; fandol_fonts; venv
    exec .venv/bin/python bench/run.py "$@" ;;
  *)
    echo "usage: ./dev.sh build|test|bench|setup [args]" >&2; exit 2 ;;
esac
