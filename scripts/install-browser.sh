#!/usr/bin/env bash
# Installs the browser the drift page test (test/report/html.test.ts) drives: Debian's `chromium` package at
# /usr/bin/chromium, through playwright-core, so no browser is downloaded from anywhere but Debian's archive.
# Does nothing when it is already installed; as root it runs apt-get, otherwise through sudo; with neither it prints
# the command to run and fails, so that CI stops here rather than in the test.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
INSTALL=(apt-get install -y -qq chromium)

if [ -x "$CHROMIUM" ]; then
  echo "install-browser: $CHROMIUM is installed"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install-browser: $CHROMIUM is missing and there is no apt-get; install Chromium and set CHROMIUM_PATH" >&2
  exit 1
fi

SUDO=()
if [ "$(id -u)" != "0" ]; then
  # sudo may ask for a password on a terminal; without one it must be able to run without asking.
  if command -v sudo >/dev/null && { [ -t 0 ] || sudo -n true 2>/dev/null; }; then
    SUDO=(sudo)
  else
    echo "install-browser: $CHROMIUM is missing; as root run: apt-get update && ${INSTALL[*]}" >&2
    exit 1
  fi
fi

echo "install-browser: installing Debian's chromium with apt-get"
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive "${INSTALL[@]}" >/dev/null
if [ ! -x "$CHROMIUM" ]; then
  echo "install-browser: apt-get installed chromium, but $CHROMIUM does not exist; set CHROMIUM_PATH" >&2
  exit 1
fi
echo "install-browser: $CHROMIUM is installed"
