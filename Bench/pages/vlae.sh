#!/usr/bin/env bash
# vlae-compress on the page corpus's test split beside JBIG1, in one command: builds the release
# vlae-compress, installs JBIG1 (jbigkit-bin) when missing, and writes Bench/pages/vlae.md.
#
#   bash scripts/make-pages.sh /tmp/pages                     # the corpus first (docs/CORPUS.md)
#   bash Bench/pages/vlae.sh /tmp/pages [--model FILE] [--split test] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
if (($# < 1)); then
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
source scripts/apt-install.sh
apt_install --no-recommends jbigkit-bin
swift build -c release --product vlae-compress >/dev/null
exec /usr/bin/python3 Bench/pages/vlae.py "$@"
