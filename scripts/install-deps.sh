#!/usr/bin/env bash
# Installs what Spares needs to build and test, when it is missing: GNU GSL with its headers,
# SQLite's headers (for the results database, through GRDB), zlib's (for the report's workbook and for workbook tables,
# through ZIPFoundation) and pkg-config (SwiftPM finds GSL
# through `pkg-config gsl`; without a pkg-config binary it only warns and the link then fails). Uses apt-get on Debian/Ubuntu (through sudo when not root) and Homebrew
# on macOS. The Swift toolchain itself is not installed here: see README.md.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

if ! have swift; then
  echo "install-deps: no Swift toolchain on PATH; install Swift 6 from https://www.swift.org/install/" >&2
  exit 69
fi

if have pkg-config && pkg-config --exists gsl && pkg-config --exists sqlite3 && pkg-config --exists zlib; then
  exit 0
fi

if have apt-get; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if have sudo; then sudo="sudo"; else
      echo "install-deps: need root or sudo to install libgsl-dev, libsqlite3-dev, zlib1g-dev and pkgconf" >&2
      exit 77
    fi
  fi
  echo "install-deps: installing libgsl-dev, libsqlite3-dev, zlib1g-dev and pkgconf with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq libgsl-dev libsqlite3-dev zlib1g-dev pkgconf >/dev/null
elif have brew; then
  echo "install-deps: installing gsl, sqlite and pkg-config with Homebrew"
  brew install gsl sqlite zlib pkg-config
else
  echo "install-deps: install GNU GSL (with headers) and pkg-config with your package manager" >&2
  exit 69
fi

if ! pkg-config --exists gsl || ! pkg-config --exists sqlite3 || ! pkg-config --exists zlib; then
  echo "install-deps: GSL or SQLite is still not visible to pkg-config after installing them" >&2
  exit 69
fi
