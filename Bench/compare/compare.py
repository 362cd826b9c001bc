"""The codec comparison: every codec on every data set, decoded and checked, timed by CPU time.

Usually started by `Bench/compare/run.sh`, which installs the tools and builds vlae-compress
first. Writes the figures as JSON (`Bench/results/compare.json`) and the tables as Markdown
(`Bench/RESULTS.md`); `plot.py` draws the figure from the JSON.

    python3 Bench/compare/compare.py [--limit N] [--sample N] [--runs N] [--jobs N]
                                     [--codecs vlae,zstd,...] [--sets binarized-mnist,...]
"""

import argparse
import concurrent.futures
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time

import codec_table
import datasets
import environment
import report
import tasks

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repo", default=REPO, help="repository root (Corpora/, .build/)")
    p.add_argument("--data", default=os.path.normpath(os.path.join(REPO, "..", "shared", "data")),
                   help="the shared data folder (default: ../shared/data beside the repository)")
    p.add_argument("--fashion", default="/usr/share/datasets/fashion-mnist", help="Fashion-MNIST IDX folder")
    p.add_argument("--vlae", default=None, help="vlae-compress binary (default: .build/release/vlae-compress)")
    p.add_argument("--limit", type=int, default=0, help="use only the first N images of each big set (development)")
    p.add_argument("--sample", type=int, default=500, help="images coded one by one for the per-image rows")
    p.add_argument("--timed", type=int, default=100, help="images of that sample in each timed per-image run")
    p.add_argument("--runs", type=int, default=3, help="timed runs per row; the median is reported")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="rows measured at once")
    p.add_argument("--codecs", default=None, help="comma-separated codec names (vlae, zstd, PNG, ...); default all")
    p.add_argument("--sets", default=None, help="comma-separated data set keys; default all")
    p.add_argument("--json", default=os.path.join(REPO, "Bench", "results", "compare.json"))
    p.add_argument("--markdown", default=os.path.join(REPO, "Bench", "RESULTS.md"))
    p.add_argument("--plot-path", default="results/compare.png", help="the plot, relative to the Markdown file")
    p.add_argument("--work", default=None, help="scratch folder (default: a new temporary one, removed after)")
    args = p.parse_args()
    args.codecs = args.codecs.split(",") if args.codecs else None
    args.vlae = args.vlae or os.path.join(args.repo, ".build", "release", "vlae-compress")
    return args


class Progress:
    """Lines on stderr with the time since the start (safe from several threads)."""

    def __init__(self):
        self.start, self.lock = time.monotonic(), threading.Lock()

    def __call__(self, message):
        with self.lock:
            print(f"[{time.monotonic() - self.start:7.1f} s] {message}", file=sys.stderr, flush=True)

    @property
    def elapsed(self):
        return time.monotonic() - self.start


def summary_of(rows):
    return "; ".join(f"{r['codec']} {r['unit']}: " + (f"{r['bits_per_dim']:.4f} bits/dim" if r["status"] == "ok"
                                                       else r["note"]) for r in rows)


def measure_all(sets, args, work, say):
    """Runs every task of every set, `args.jobs` at a time; returns the rows per set, in table order."""
    queue = []
    for ds in sets:
        say(f"{ds.key}: {len(ds.images):,} images, {ds.pixels:,} pixels; preparing")
        queue += tasks.tasks_for(ds, args.codecs, args.vlae, args.sample, args.timed, args.runs)
    done = {}

    def run(index, task):
        started = time.monotonic()
        result = task.run(tasks.scratch(work, task, index))
        say(f"{task.dataset.key}: {task.label} ({time.monotonic() - started:.0f} s): {summary_of(result)}")
        return result

    order = sorted(range(len(queue)), key=lambda k: -queue[k].weight)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(run, k, queue[k]): k for k in order}
        for future in concurrent.futures.as_completed(futures):
            done[futures[future]] = future.result()
    return {ds.key: [r for k, task in enumerate(queue) if task.dataset is ds for r in done[k]] for ds in sets}


def tool_cpu_seconds():
    """CPU seconds of every tool run so far (the children this process has waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    args = parse_args()
    say = Progress()
    work = args.work or tempfile.mkdtemp(prefix="vlae-compare-")
    os.makedirs(work, exist_ok=True)
    try:
        sets, skipped = datasets.load(args.repo, args.data, args.fashion, args.limit, work)
        for message in skipped:
            say(message)
        if args.sets:
            keys = set(args.sets.split(","))
            sets = [s for s in sets if s.key in keys]
        env = environment.describe(args.repo, codec_table)
        measured = measure_all(sets, args, work, say)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    results = {
        "environment": env, "skipped": skipped, "seconds": say.elapsed, "tool_cpu_seconds": tool_cpu_seconds(),
        "options": {"limit": args.limit, "sample": args.sample, "timed": args.timed, "runs": args.runs,
                    "jobs": args.jobs},
        "sets": [{"key": ds.key, "title": ds.title, "source": ds.source, "images": len(ds.images),
                  "of_total": ds.of_total, "pixels": ds.pixels, "bilevel": ds.bilevel, "rows": measured[ds.key]}
                 for ds in sets],
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
    with open(args.markdown, "w") as f:
        f.write(report.markdown(results, args.plot_path))
    failed = [f"{s['key']} {r['codec']} {r['unit']}" for s in results["sets"] for r in s["rows"] if r["status"] == "failed"]
    say(f"wrote {args.markdown} and {args.json}" + (f"; FAILED rows: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
