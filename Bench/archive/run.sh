#!/usr/bin/env bash
# Archives against single files: N binarized MNIST test digits (default 200), each written as a
# 28×28 P4 file, compressed once as N single .vz files (vlae-compress FILE..., --codec auto) and
# once as one archive (vlae-compress -o set.vz DIR). The archive is extracted and every name and
# byte compared with the originals; the table goes to Bench/results/archive.md, with the mean
# size of a single file and of the first five.
#
#   bash Bench/archive/run.sh [N]        (DATA=path/to/binarized-mnist, BIN=path/to/vlae-compress)
#
# Fails when the round trip differs or the archive is larger than LIMIT (default 0.35) times the
# single files together.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
count="${1:-200}"
data="${DATA:-$repo/../shared/data/binarized-mnist}"
limit="${LIMIT:-0.35}"
if [ -z "${BIN:-}" ]; then
    (cd "$repo" && swift build -c release -j 2 --product vlae-compress | tail -n 1)
    BIN="$repo/.build/release/vlae-compress"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$data/test-images-idx3-ubyte.gz" "$work/digits" "$count" <<'PY'
import gzip, os, sys
source, folder, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = gzip.open(source).read()
assert data[:4] == b"\x00\x00\x08\x03"
rows, columns = int.from_bytes(data[8:12], "big"), int.from_bytes(data[12:16], "big")
os.makedirs(folder)
for n in range(count):
    image = data[16 + n * rows * columns:16 + (n + 1) * rows * columns]
    raster = bytearray()
    for y in range(rows):
        row = bytearray((columns + 7) // 8)
        for x in range(columns):
            if image[y * columns + x]:
                row[x // 8] |= 0x80 >> (x % 8)
        raster += row
    open(os.path.join(folder, "digit-%05d.pbm" % n), "wb").write(b"P4\n%d %d\n" % (columns, rows) + raster)
PY

originals=$(cat "$work"/digits/*.pbm | wc -c)
mkdir "$work/singles"
cp "$work"/digits/*.pbm "$work/singles/"
start=$(date +%s.%N)
"$BIN" -q "$work"/singles/*.pbm
singles_seconds=$(echo "$(date +%s.%N) - $start" | bc)
singles=$(cat "$work"/singles/*.pbm.vz | wc -c)
first_five=$(for n in 0 1 2 3 4; do stat -c %s "$work/singles/digit-0000$n.pbm.vz"; done | paste -sd ' ')
mean_five=$(printf "%.1f" "$(echo "scale=3; ($(echo "$first_five" | tr ' ' '+')) / 5" | bc)")
single_codecs=$("$BIN" -l "$work"/singles/*.pbm.vz | awk '$1 ~ /^(vlae|zstd|stored)$/ { print $1 }' | sort | uniq -c | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')

start=$(date +%s.%N)
"$BIN" -o "$work/set.vz" --json "$work/digits" > "$work/set.json"
archive_seconds=$(echo "$(date +%s.%N) - $start" | bc)
archive=$(stat -c %s "$work/set.vz")
groups_text=$(python3 -c 'import json, sys
o = json.loads(open(sys.argv[1]).read().splitlines()[-1])
assert o["bytes"] == int(sys.argv[2])
print("; ".join("%s group of %d files: payload %d bytes" % (g["codec"], g["files"], g["payload_bytes"]) for g in o["groups"])
      + "; header %d bytes (%d paths)" % (o["bytes"] - sum(g["payload_bytes"] for g in o["groups"]), o["files"]))' "$work/set.json" "$archive")
"$BIN" -q -d "$work/set.vz" -o "$work/restored"
diff -r "$work/digits" "$work/restored" > /dev/null || { echo "archive round trip differs" >&2; exit 1; }

ratio=$(printf "%.4f" "$(echo "scale=6; $archive / $singles" | bc)")
pixels=$((count * 784))
rate() { printf "%.4f" "$(echo "scale=6; 8 * $1 / $pixels" | bc)"; }
table="| $count digits (28×28 P4) | bytes | bits/dim | |
|---|---:|---:|---|
| the P4 files | $originals | $(rate "$originals") | |
| $count single \`.vz\` files, \`--codec auto\` | $singles | $(rate "$singles") | $single_codecs; ${singles_seconds%.*} s |
| one archive, \`-o set.vz DIR\` | $archive | $(rate "$archive") | **$ratio×** the single files; ${archive_seconds%.*} s; extracted: every name and byte identical |

The archive: $groups_text. Single files: $(printf "%.1f" "$(echo "scale=3; $singles / $count" | bc)") bytes on average; the first five $first_five (mean $mean_five)."
echo "$table"
echo "archive: $groups_text"
mkdir -p "$repo/Bench/results"
{
    echo "# Archives against single files"
    echo
    echo "\`bash Bench/archive/run.sh $count\` ($(date -u +%Y-%m-%d), $(uname -m), binarized MNIST test images 0 … $((count - 1))):"
    echo
    echo "$table"
} > "$repo/Bench/results/archive.md"
if [ "$(echo "$ratio > $limit" | bc)" -eq 1 ]; then
    echo "the archive is $ratio× the single files, above $limit" >&2
    exit 1
fi
