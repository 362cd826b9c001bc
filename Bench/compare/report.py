"""The comparison's figures as Markdown: a summary matrix, the method, one table per data set.

    python3 Bench/compare/report.py Bench/results/compare.json Bench/RESULTS.md   # re-render only
"""

import json
import sys

UNIT_WORDS = {"set": "whole set", "page": "one page", "image": "per image", "file": "per file"}


def _bits(r):
    if r["status"] == "ok":
        return f"{r['bits_per_dim']:.4f}"
    return "failed" if r["status"] == "failed" else "n/a"


def _rate(value):
    if value is None:
        return "—"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _label(r):
    return f"{r['codec']} `{r['setting']}`"


def summary(results):
    """bits/dim of every (codec, unit) in every data set, one row per codec and unit."""
    sets = results["sets"]
    units = list(UNIT_WORDS)
    order, cells = [], {}
    for s in sets:
        for r in s["rows"]:
            key = (r["codec"], r["setting"], r["unit"])
            if key not in cells:
                order.append(key)
                cells[key] = {}
            cells[key][s["key"]] = _bits(r)
    first_seen = {}
    for codec, _, _ in order:
        first_seen.setdefault(codec, len(first_seen))
    # Rows grouped by codec (in table order), then whole set, page, per image, per file.
    order.sort(key=lambda key: (first_seen[key[0]], units.index(key[2])))
    lines = ["| codec | unit | " + " | ".join(s["title"] for s in sets) + " |",
             "|---|---|" + "---:|" * len(sets)]
    for key in order:
        codec, setting, unit = key
        values = [cells[key].get(s["key"], "—") for s in sets]
        lines.append(f"| {codec} `{setting}` | {UNIT_WORDS[unit]} | " + " | ".join(values) + " |")
    return "\n".join(lines)


def set_table(s, machine):
    lines = [f"### {s['title']}", ""]
    extent = f"{s['images']:,} images" + (f" (the first of {s['of_total']:,})" if s["of_total"] > s["images"] else "")
    lines.append(f"{extent}, {s['pixels']:,} pixels, {'bi-level' if s['bilevel'] else '8-bit'}. Source: `{s['source']}`.")
    lines += ["", "| codec | unit | input | bytes stored | bits/dim | ratio to raw | encode img/s | decode img/s | machine | note |",
              "|---|---|---|---:|---:|---:|---:|---:|---|---|"]
    for r in s["rows"]:
        stored = f"{r['bytes']:,}" if r["bytes"] is not None else ("(ideal)" if r["status"] == "ok" else "—")
        ratio = f"{r['ratio']:.2f}" if r["ratio"] else "—"
        lines.append(f"| {_label(r)} | {UNIT_WORDS[r['unit']]} | {r['input']} | {stored} | {_bits(r)} | {ratio} | "
                     f"{_rate(r['encode_ips'])} | {_rate(r['decode_ips'])} | {machine} | {r['note']} |")
    return "\n".join(lines)


def markdown(results, plot_path):
    env, options = results["environment"], results["options"]
    models = ", ".join(f"`{name}` (sha256 {digest}…)" for name, digest in env["vlae_models"].items()) or "none found"
    runs = options["runs"]
    cpu = f", the tools {results['tool_cpu_seconds'] / 60:.1f} CPU minutes" if "tool_cpu_seconds" in results else ""
    parts = [
        "# Codec comparison",
        "",
        f"Written by `Bench/compare/run.sh` on {env['date']}; measuring took {results['seconds'] / 60:.1f} minutes "
        f"({options['jobs']} rows at a time; installing and building not counted){cpu}. "
        "Do not edit by hand: run the script again.",
        "",
        f"Machine: {env['machine']}, {env['memory_gib']} GiB, {env['os']} (kernel {env['kernel']}). "
        f"vlae: commit {env['vlae_commit']}, release build; model {models}.",
        "",
        f"![bits/dim per codec and data set]({plot_path})",
        "",
        "## Bits per dimension (lower is better)",
        "",
        summary(results),
        "",
        "## How it is measured",
        "",
        "- **bits/dim** = 8 × the bytes a user stores ÷ the number of original pixels (784 per MNIST image). "
        "Headers and containers count; padding cells of a page count as stored bytes, not as pixels.",
        "- **ratio to raw** = the raw bits of the images (1 per bi-level pixel, 8 per 8-bit pixel, "
        "4 for the maxval-15 texture) ÷ the stored bits.",
        f"- **encode / decode img/s**: images per CPU second (user + system time of the codec's processes, "
        f"all threads), median of {runs} runs. The machine is shared, so CPU time rather than wall time. "
        "Per-image rows start one process per image, as a user runs the tools, start-up included.",
        "- **units**: *whole set* = the data set as one stream or one file; *one page* = the images tiled in a "
        "grid as one image (empty cells black); *per image* = every image its own file, sizes summed; "
        "*per file* = every Corpora file as it is.",
        f"- **per-image rows** code an evenly spread sample of {options['sample']:,} images when a set is larger "
        f"(the note says so); bits/dim is that sample's, speed comes from {runs} further runs over the first "
        f"{options['timed']:,} of them.",
        "- **general-purpose compressors** on the whole set get each input form (IDX: a byte per pixel; "
        "bi-level sets also PBM with the images stacked, 8 pixels a byte) and the smaller is shown.",
        "- **every row is decoded and checked**: streams byte for byte, images pixel by pixel with the codec's own "
        "decoder; vlae also compresses twice and compares the files. A failed check shows as *failed*.",
        "- **vlae −ELBO** is the coding model's ideal code length (no file), beside the real `.vz` size; "
        "its *initial bits* (popped from a seeded start once per chain) are inside the real size.",
        "",
        "## Per data set",
        "",
    ]
    for s in results["sets"]:
        parts += [set_table(s, env["machine_short"]), ""]
    if results["skipped"]:
        parts += ["## Skipped", ""] + [f"- {m}" for m in results["skipped"]] + [""]
    parts += ["## Tools", "", "| Debian package | version |", "|---|---|"]
    parts += [f"| {p} | {v or 'not installed'} |" for p, v in env["packages"].items()]
    parts += ["", f"Python {env['python']}; {env['swift'] or 'swift not found'}.", ""]
    return "\n".join(parts)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: report.py RESULTS.json OUT.md")
    with open(sys.argv[1]) as f:
        results = json.load(f)
    with open(sys.argv[2], "w") as f:
        f.write(markdown(results, "results/compare.png"))


if __name__ == "__main__":
    main()
