#!/usr/bin/env bash
# Training throughput of our engine against the PyTorch reference (../shared/tools/ref_vlae.py),
# the same architecture, batch (64) and thread count (2), side by side: ROUNDS alternations of a
# reference run (one epoch, cut at 90 s) and `bench-network --runs 3` (training only), so both
# see the same hour of this shared host. Writes Bench/results/torch-reference.md.
#
#   Bench/torch-reference/run.sh            # ROUNDS=4 by default; ~10 minutes
#
# PyTorch is not a dependency of the project: it goes into a virtual environment outside the tree
# (TORCH_ENV, default /tmp/torchenv; about 5 GB from PyPI, as ../shared/tools/README.md says).
# The reference prints its rate after each epoch's validation pass, so its training-only rate is
# taken from a copy whose print is moved before that pass (the one change; the diff is printed).
set -euo pipefail
cd "$(dirname "$0")/../.."
env_dir=${TORCH_ENV:-/tmp/torchenv}
rounds=${ROUNDS:-4}
reference=../shared/tools/ref_vlae.py
[[ -f $reference ]] || { echo "error: $reference not found (the shared tools folder beside the repository)" >&2; exit 1; }
if [[ ! -x $env_dir/bin/python ]] || ! "$env_dir/bin/python" -c "import torch, numpy" 2>/dev/null; then
    python3 -m venv "$env_dir"
    "$env_dir/bin/pip" install -q torch numpy
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$env_dir/bin/python" - "$reference" "$work/ref_vlae.py" <<'PY'
import sys
text = open(sys.argv[1]).read()
old_eval = "    va, kva = evaluate(xva)\n"
old_rate = "{seen/(time.time()-t0):.0f} img/s"
assert text.count(old_eval) == 1 and text.count(old_rate) == 1, "ref_vlae.py changed: update Bench/torch-reference/run.sh"
text = text.replace(old_eval, "    rate = seen / (time.time() - t0)\n" + old_eval)
text = text.replace(old_rate, "{rate:.1f} img/s")
open(sys.argv[2], "w").write(text)
PY
diff "$reference" "$work/ref_vlae.py" || true
swift build -c release -j 2 --product bench-network
torch_version=$("$env_dir/bin/python" -c "import torch; print(torch.__version__, torch.backends.cpu.get_cpu_capability())")
ours=(); theirs=()
for round in $(seq 1 "$rounds"); do
    rate=$("$env_dir/bin/python" "$work/ref_vlae.py" --data ../shared/data/binarized-mnist --minutes 1.5 --threads 2 \
           | sed -n 's/.* \([0-9.]*\) img\/s.*/\1/p' | head -1)
    theirs+=("$rate")
    mine=$(.build/release/bench-network --runs 3 --skip-kernels --output "$work/network.md" \
           | awk -F'|' '/^\| VLAEConfig\(\) defaults/ {gsub(/ /, "", $7); print $7}')
    ours+=("$mine")
    echo "round $round: PyTorch $rate images/s, ours $mine images/s"
done
python3 - "$torch_version" "${theirs[*]}" "${ours[*]}" <<'PY'
import datetime, os, statistics, sys
version, theirs, ours = sys.argv[1], [float(v) for v in sys.argv[2].split()], [float(v) for v in sys.argv[3].split()]
ratios = [o / t for o, t in zip(ours, theirs)]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
rows = "\n".join(f"| {i + 1} | {t:.1f} | {o:.1f} | {r:.2f}× |" for i, (t, o, r) in enumerate(zip(theirs, ours, ratios)))
text = f"""# Training throughput against the PyTorch reference (`Bench/torch-reference/run.sh`)

- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')}
- Machine: {cpu}, {os.cpu_count()} cores; both sides 2 threads, batch 64, the shipped architecture (VLAEConfig() defaults).
- PyTorch {version} from PyPI, running `../shared/tools/ref_vlae.py` (its rate taken before its validation pass): one epoch of
  binarized MNIST cut at 90 s, images trained / seconds.
- Ours: `bench-network --runs 3 --skip-kernels`, median of 3 runs of 19 timed steps (forward, backward, Adamax, Polyak average).
- Alternated round by round, so both see the same hour of this shared host.

| round | PyTorch images/s | ours images/s | ours / PyTorch |
|---:|---:|---:|---:|
{rows}

Median ratio: **{statistics.median(ratios):.2f}×** (ours {statistics.median(ours):.0f}, PyTorch {statistics.median(theirs):.0f} images/s).
"""
open("Bench/results/torch-reference.md", "w").write(text)
print(text)
PY
