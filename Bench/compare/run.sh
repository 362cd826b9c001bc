#!/usr/bin/env bash
# The codec comparison in one command, from scratch: installs the codecs and the data from Debian
# packages, builds vlae-compress in release, runs every codec on every data set (each output
# decoded and checked), and writes Bench/RESULTS.md, Bench/results/compare.json and
# Bench/results/compare.png.
#
#   Bench/compare/run.sh                      # the full comparison (~40 CPU minutes of tools, two rows at a time)
#   Bench/compare/run.sh --limit 200 --sample 50 --runs 1   # a quick try on small subsets
#   nice -n 19 Bench/compare/run.sh           # on a machine that others use
#
# Options after the script name go to compare.py (--help lists them). Exits non-zero when a row
# failed its decode check. Needs root or sudo for apt-get when a package is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

python=/usr/bin/python3  # Debian's Python: python3-matplotlib is installed for it
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the work tree
sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
install() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if ((${#missing[@]})); then
        echo "installing: ${missing[*]}"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}
install python3
# The codecs' packages and the other tools the comparison needs, as listed in codec_table.py.
mapfile -t packages < <("$python" Bench/compare/codec_table.py)
install "${packages[@]}"

swift build -c release -j 2 --product vlae-compress

status=0
"$python" Bench/compare/compare.py "$@" || status=$?
"$python" Bench/compare/plot.py Bench/results/compare.json Bench/results/compare.png
echo "Bench/RESULTS.md and Bench/results/compare.png written"
exit "$status"
