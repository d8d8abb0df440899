#!/usr/bin/env bash
# The Debian packages the tests need besides Python's (make test runs this before pytest).
# Each line: what must be found (a program, or lib:NAME for a shared library), the package.
# Missing ones are installed with apt-get as root, or with sudo if it needs no password;
# otherwise this says what to install and fails: the tests never skip for a missing program.
set -u
NEEDS='
chromium           chromium
pdftotext          poppler-utils
pdftoppm           poppler-utils
soffice            libreoffice-calc-nogui
lib:pango-1.0      libpango-1.0-0
lib:pangoft2-1.0   libpangoft2-1.0-0
'
PY=${PY:-python3}

found() {
  case "$1" in
    lib:*) "$PY" -c 'import ctypes.util, sys; sys.exit(ctypes.util.find_library(sys.argv[1]) is None)' "${1#lib:}" ;;
    chromium) "$PY" -c 'import sys; from compliance.report.browser import find_chromium; sys.exit(find_chromium() is None)' ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing=""
while read -r what package; do
  [ -n "$what" ] || continue
  if ! found "$what"; then
    case " $missing " in *" $package "*) ;; *) missing="$missing $package" ;; esac
  fi
done <<< "$NEEDS"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""
elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "make test: these Debian packages are needed by the tests and missing:$missing" >&2
  echo "  install them as root (apt-get install$missing), then run make test again." >&2
  if [ -n "${COMPLIANCE_CHROMIUM:-}" ]; then
    echo "  (COMPLIANCE_CHROMIUM=$COMPLIANCE_CHROMIUM names no program: fix or unset it.)" >&2
  fi
  exit 1
fi
echo "Installing the Debian packages the tests need:$missing"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null || exit 1

still=""
while read -r what package; do
  [ -n "$what" ] || continue
  found "$what" || still="$still $what"
done <<< "$NEEDS"
if [ -n "$still" ]; then
  echo "make test: still missing after installing:$still" >&2
  exit 1
fi
