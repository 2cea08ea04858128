#!/usr/bin/env bash
# A new user's first command must be quiet and leave the checkout as it was: `npm install` on a
# clean clone prints no EBADENGINE warning (a dependency asking for another Node than this one)
# and changes no tracked file (package-lock.json above all) and adds none.
#
#   bash scripts/check-fresh-install.sh             clones this checkout's HEAD into a temporary
#                                                   folder and installs there (a minute or more)
#   bash scripts/check-fresh-install.sh --in-place  installs in this checkout, for CI, which is a
#                                                   fresh clone already: git status must not change
# Prints the install's last lines, then one verdict line; exits non-zero on a failed check.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ "${1:-}" = "--in-place" ]; then
  dir="$root"
else
  dir="$work/clone"
  git clone --quiet "$root" "$dir" || { echo "fresh install check: could not clone $root"; exit 2; }
fi
cd "$dir"
before="$(git status --porcelain)"

npm install --no-audit --no-fund >"$work/install.log" 2>&1
status=$?
tail -n 5 "$work/install.log"
if [ "$status" -ne 0 ]; then
  tail -n 40 "$work/install.log"
  echo "fresh install check: FAILED, npm install exited with status $status"
  exit "$status"
fi

problems=0
if grep -q EBADENGINE "$work/install.log"; then
  echo "npm install warned EBADENGINE on Node $(node --version) for:"
  grep -A3 'EBADENGINE Unsupported engine' "$work/install.log" | grep -oE "package: '[^']+'|required: \{[^}]*\}" | paste -d' ' - - | sort -u | sed 's/^/  /'
  problems=1
fi
after="$(git status --porcelain)"
if [ "$before" != "$after" ]; then
  echo "npm install changed the checkout (git status):"
  diff <(echo "$before") <(echo "$after") | grep '^[<>]' | sed 's/^/  /'
  git diff --stat | tail -n 5 | sed 's/^/  /'
  problems=1
fi

if [ "$problems" -ne 0 ]; then
  echo "fresh install check: FAILED on Node $(node --version), npm $(npm --version)"
  exit 1
fi
echo "fresh install check: passed on Node $(node --version), npm $(npm --version): no engine warning, git status unchanged"
