"""Rasterising document pages and writing bi-level pages.

PDF pages go through poppler (`pdftoppm`), PostScript through ghostscript (`gs`): two
rasterisers with different glyph hinting and dropout rules, as two scanners' worth of variety.
A page is an 8-bit greyscale array (0 = black, 255 = white, anti-aliased) when a scan is to be
simulated on it, or an ink array (bool, True = black) rasterised without anti-aliasing when it
is to stay clean (a born-digital bi-level page).
"""

import gzip
import io
import os
import re
import shutil
import subprocess

import numpy as np
from PIL import Image

Image.MAX_IMAGE_PIXELS = None  # pages are large by design (up to ~9 Mpixel)


def local_copy(path, workdir):
    """The document as a file the renderers can open: .gz sources are unpacked into `workdir`."""
    if not path.endswith(".gz"):
        return path
    out = os.path.join(workdir, os.path.basename(path)[:-3])
    if not os.path.exists(out):
        with gzip.open(path, "rb") as src, open(out + ".part", "wb") as dst:
            shutil.copyfileobj(src, dst)
        os.replace(out + ".part", out)
    return out


def is_postscript(path):
    return path.endswith(".ps")


def page_count(path):
    if is_postscript(path):
        with open(path, "rb") as f:
            m = re.search(rb"^%%Pages: (\d+)", f.read(), re.M)
        return int(m.group(1))
    info = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _run(path, page, xdpi, ydpi, grey):
    if is_postscript(path):
        cmd = ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", f"-r{xdpi}x{ydpi}",
               f"-dFirstPage={page}", f"-dLastPage={page}", "-sOutputFile=-"]
        # Four-bit anti-aliasing for the greyscale ("optical") image; none for the bi-level one.
        cmd += ["-sDEVICE=pgmraw", "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4"] if grey else ["-sDEVICE=pbmraw"]
        cmd.append(path)
    else:
        # Bi-level pages come from greyscale without anti-aliasing, thresholded by the caller:
        # -mono anti-aliases and then screens glyph edges into stipple, and at 300 dpi and up its
        # screen is stochastic, so the same page comes out differently each run.
        cmd = ["pdftoppm", "-f", str(page), "-l", str(page), "-rx", str(xdpi), "-ry", str(ydpi), "-gray"]
        cmd += [] if grey else ["-aa", "no", "-aaVector", "no"]
        cmd.append(path)
    out = subprocess.run(cmd, check=True, capture_output=True).stdout
    return Image.open(io.BytesIO(out))


def render_grey(path, page, xdpi, ydpi):
    """Page `page` (1-based) as uint8 [H, W], 255 = white."""
    return np.asarray(_run(path, page, xdpi, ydpi, grey=True).convert("L"))


def render_ink(path, page, xdpi, ydpi):
    """Page `page` rasterised without anti-aliasing: bool [H, W], True = ink.

    Ghostscript's pbmraw is bi-level already (colours halftoned by its own ordered screen);
    poppler's unsmoothed greyscale is thresholded at mid-grey (coloured text turns black).
    """
    im = _run(path, page, xdpi, ydpi, grey=False)
    if im.mode == "1":
        return ~np.asarray(im)  # mode "1" reads as True = white
    return np.asarray(im.convert("L")) < 128


def darkness(path, page):
    """Mean ink of the page at 24 dpi (0 = blank): cheap, to skip empty and near-empty pages."""
    grey = render_grey(path, page, 24, 24)
    return float(1 - grey.mean() / 255)


def extract_text(path, first, last, layout=False):
    cmd = ["pdftotext", "-f", str(first), "-l", str(last)] + (["-layout"] if layout else []) + [path, "-"]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, errors="replace").stdout


def write_pbm(path, ink):
    """`ink` (bool [H, W], True = black) as a P4 PBM, written atomically (bit 1 = black, as P4 says)."""
    h, w = ink.shape
    data = b"P4\n%d %d\n" % (w, h) + np.packbits(ink, axis=1).tobytes()
    with open(path + ".part", "wb") as f:
        f.write(data)
    os.replace(path + ".part", path)
    return len(data)
