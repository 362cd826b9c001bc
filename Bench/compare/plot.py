"""Draws bits/dim per codec and data set from the comparison's JSON (needs matplotlib).

    python3 Bench/compare/plot.py Bench/results/compare.json Bench/results/compare.png

One panel per data set, one bar per row that was measured, best at the top; vlae's real size
and its −ELBO stand out in colour, failed and n/a rows are left out.
"""

import json
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the back end is chosen)

UNIT_WORDS = {"set": "whole set", "page": "one page", "image": "per image", "file": "per file"}
COLOURS = {"vlae": "#d62728", "vlae −ELBO": "#ff9896"}
UNIT_COLOURS = {"set": "#1f77b4", "page": "#2ca02c", "image": "#9e9e9e", "file": "#9e9e9e"}


def draw(results, path):
    sets = [s for s in results["sets"] if any(r["status"] == "ok" for r in s["rows"])]
    columns = 2
    grid_rows = math.ceil(len(sets) / columns)
    heights = [max(sum(r["status"] == "ok" for r in s["rows"]) for s in sets[k:k + columns])
               for k in range(0, len(sets), columns)]
    figure, axes = plt.subplots(grid_rows, columns, figsize=(15, 0.27 * sum(heights) + 1.6 * grid_rows),
                                gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, s in zip(axes.flat, sets):
        measured = sorted((r for r in s["rows"] if r["status"] == "ok"), key=lambda r: r["bits_per_dim"], reverse=True)
        labels = [f"{r['codec']} ({UNIT_WORDS[r['unit']]})" for r in measured]
        values = [r["bits_per_dim"] for r in measured]
        colours = [COLOURS.get(r["codec"], UNIT_COLOURS[r["unit"]]) for r in measured]
        bars = ax.barh(labels, values, color=colours)
        for bar, value in zip(bars, values):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {value:.3f}", va="center", fontsize=8)
        ax.set_xlim(0, max(values) * 1.18)
        # Rows without a figure (vlae on 8-bit data) are named where the bars are shortest.
        missing = {}
        for r in s["rows"]:
            if r["status"] == "n/a":
                missing.setdefault(r["note"], []).append(r["codec"])
        if missing:
            text = "\n".join(f"{', '.join(codecs)}: {note}" for note, codecs in missing.items())
            ax.set_ylim(-0.6, len(measured) - 0.4 + 0.8 * len(missing))  # room above the top bar
            ax.text(0.99, 0.98, text, transform=ax.transAxes, ha="right", va="top", fontsize=8, color="#555555")
        ax.set_title(f"{s['title']} ({s['images']:,} images)", fontsize=11)
        ax.set_xlabel("bits per pixel (lower is better)", fontsize=9)
        ax.tick_params(axis="y", labelsize=8)
    for ax in list(axes.flat)[len(sets):]:
        ax.axis("off")
    legend = [plt.Rectangle((0, 0), 1, 1, color=c) for c in
              (COLOURS["vlae"], COLOURS["vlae −ELBO"], UNIT_COLOURS["set"], UNIT_COLOURS["page"], UNIT_COLOURS["image"])]
    figure.legend(legend, ["vlae (real .vz file)", "vlae −ELBO (ideal, no file)", "whole set as one stream",
                           "images tiled as one page", "one file per image / per file"],
                  loc="lower center", ncol=5, fontsize=9, frameon=False)
    env = results["environment"]
    figure.suptitle(f"Lossless codecs: bits per pixel, decoded and verified ({env['date'][:10]}, {env['machine']})",
                    fontsize=12)
    figure.tight_layout(rect=(0, 0.03, 1, 0.97))
    figure.savefig(path, dpi=90)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plot.py RESULTS.json OUT.png")
    with open(sys.argv[1]) as f:
        draw(json.load(f), sys.argv[2])


if __name__ == "__main__":
    main()
