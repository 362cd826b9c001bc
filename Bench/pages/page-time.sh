#!/usr/bin/env bash
# Encode and decode times on 1728 × 2376 pages (cut from the page corpus's test split), in one
# command: builds the release vlae-compress and writes Bench/pages/page-time.md.
#
#   bash scripts/make-pages.sh /tmp/pages                     # the corpus first (docs/CORPUS.md)
#   bash Bench/pages/page-time.sh /tmp/pages [--runs 3] [--split test] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
if (($# < 1)); then
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
swift build -c release --product vlae-compress >/dev/null
exec /usr/bin/python3 Bench/pages/page-time.py "$@"
