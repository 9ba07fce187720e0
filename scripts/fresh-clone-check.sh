#!/usr/bin/env bash
# The newcomer path in one command: clones this repository's committed HEAD into an empty temporary folder
# (nothing beside it, so no ../shared), then runs the README's two commands there:
#   npm install && npm start   (start must build and then open the app, or say in one line why Electron cannot)
#   npm test
# Uncommitted changes are not part of the clone. Takes about ten minutes; the folder is removed afterwards.
set -euo pipefail

repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=$(mktemp -d "${TMPDIR:-/tmp}/dcgan-fresh-clone-XXXXXX")
trap 'rm -rf "$work"' EXIT
git clone --quiet "$repo" "$work/dcgan-studio"
cd "$work/dcgan-studio"
if [ -e ../shared ]; then echo "fresh-clone-check: $work/shared exists; the clone must have nothing beside it" >&2; exit 1; fi
echo "fresh-clone-check: $(git log -1 --format='%h %s') in $PWD"

echo '--- npm install'
npm install

echo '--- npm start'
# With Electron's binary missing, start prints its one line and exits 1; with it, the window stays open, so a
# start still running after a while counts as started (and is stopped). Anything else is a failure.
set +e
timeout --kill-after=10 120 npm start >start.log 2>&1
status=$?
set -e
cat start.log
if [ ! -f out/main/index.js ]; then echo 'fresh-clone-check: npm start did not build out/main/index.js' >&2; exit 1; fi
case $status in
  0 | 124) ;;
  1) grep -q "Electron's binary is not installed here" start.log || { echo 'fresh-clone-check: npm start failed' >&2; exit 1; } ;;
  *) echo "fresh-clone-check: npm start exited $status" >&2; exit 1 ;;
esac

echo '--- npm test'
npm test
echo 'fresh-clone-check: passed (npm install, npm start, npm test on a clone with nothing beside it)'
