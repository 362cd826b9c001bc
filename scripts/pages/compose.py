"""Pages drawn here: text in many faces and sizes, tables, forms and line art.

Each page is drawn as 8-bit greyscale at its resolution (text anti-aliased by FreeType, rules
and shapes not) and handed to the same scan simulation as the rendered documents, or
thresholded at mid-grey when it stays clean. The text is real: prose and preformatted lines
pulled (pdftotext) from the same split's documents, so no words cross the split.

Everything is measured in points or inches and converted with `Canvas.px`, so a 200-dpi page
looks like a 300-dpi one at lower resolution. Every choice comes from the `random.Random`
passed in: the same seed draws the same page.
"""

import math
import re

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFont

from . import render

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
# Characters every face in sources.py has: printable ASCII, Latin-1 letters, common punctuation
# (and the line and page breaks of pdftotext's output).
_DROP = re.compile("[^\n\f\u0020-\u007e\u00a0-\u00ff\u2018\u2019\u201c\u201d\u2013\u2014\u2022\u2026]")
_CODE = re.compile(r"[(){}\[\];=<>$#\\]|<-|::|->")
_HYPHEN = re.compile(r"([a-z])-\n\s*([a-z])")  # a word broken across lines


class TextSource:
    """Words in reading order (for prose) and preformatted lines (for listings) of some documents."""

    def __init__(self, words, code_lines):
        self.words_list, self.code_lines = words, code_lines

    @classmethod
    def from_documents(cls, paths_and_ranges):
        words, code = [], []
        for path, first, last in paths_and_ranges:
            # -layout keeps the spaces (plain mode glues some words together) and the indentation.
            text = render.extract_text(path, first, last, layout=True)
            for lig, rep in LIGATURES.items():
                text = text.replace(lig, rep)
            text = _DROP.sub("", text)
            words += [w for w in _HYPHEN.sub(r"\1\2", text).split() if len(w) <= 24]
            for page in text.split("\f"):
                lines = page.splitlines()
                body = [len(s) - len(s.lstrip()) for s in lines if len(s.strip()) > 30]
                if not body:
                    continue
                # Listings: set in further than the page's text, with code punctuation in them.
                for s in lines:
                    t = s.strip()
                    if len(s) - len(t) >= min(body) + 5 and 4 < len(t) < 90 and (
                            _CODE.search(t) or t.startswith(("$ ", "> ", "# "))):
                        code.append(t)
        return cls(words, code)

    def words(self, rng, n):
        start = rng.randrange(len(self.words_list) - n)
        return self.words_list[start:start + n]

    def phrase(self, rng, lo, hi):
        return " ".join(self.words(rng, rng.randint(lo, hi)))

    def code(self, rng, n):
        n = min(n, len(self.code_lines) - 1)
        start = rng.randrange(len(self.code_lines) - n)
        return self.code_lines[start:start + n]


PAPERS = {"letter": (8.5, 11.0), "A4": (8.27, 11.69)}


class Canvas:
    """One page being drawn: greyscale, white, `dpi` pixels per inch; faces from `fonts`."""

    def __init__(self, paper, dpi, fonts, rng):
        w_in, h_in = PAPERS[paper]
        self.dpi, self.fonts, self.rng = dpi, fonts, rng
        self.im = Image.new("L", (round(w_in * dpi), round(h_in * dpi)), 255)
        self.draw = ImageDraw.Draw(self.im)
        self._cache = {}

    @property
    def width(self):
        return self.im.width

    @property
    def height(self):
        return self.im.height

    def px(self, points):
        return points * self.dpi / 72

    def inch(self, inches):
        return inches * self.dpi

    def font(self, family, style, points):
        """style 0 regular, 1 bold, 2 italic."""
        key = (family, style, round(points * 4))
        if key not in self._cache:
            self._cache[key] = ImageFont.truetype(self.fonts[family][style], max(5, round(self.px(points))))
        return self._cache[key]

    def family(self, *kinds):
        names = sorted(n for n, f in self.fonts.items() if f[3] in kinds)
        return self.rng.choice(names)

    def text(self, x, y, s, font, fill=0, anchor="ls"):
        self.draw.text((x, y), s, font=font, fill=fill, anchor=anchor)

    def line(self, points, width_pt, dash=None):
        w = max(1, round(self.px(width_pt)))
        if not dash:
            self.draw.line(points, fill=0, width=w)
            return
        on, off = (self.px(d) for d in dash)
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            length = math.hypot(x1 - x0, y1 - y0)
            t = 0.0
            while t < length:
                t1 = min(t + on, length)
                self.draw.line([(x0 + (x1 - x0) * t / length, y0 + (y1 - y0) * t / length),
                                (x0 + (x1 - x0) * t1 / length, y0 + (y1 - y0) * t1 / length)], fill=0, width=w)
                t = t1 + off

    def rect(self, box, width_pt=0.6, fill=None):
        self.draw.rectangle(box, outline=0, width=max(1, round(self.px(width_pt))), fill=fill)

    def hatch(self, box, spacing_pt, angle, width_pt=0.4):
        """Parallel lines at `angle` degrees across `box`, clipped to it (darkening what is there)."""
        x0, y0, x1, y1 = (round(v) for v in box)
        if x1 - x0 < 2 or y1 - y0 < 2:
            return
        tile = Image.new("L", (x1 - x0, y1 - y0), 255)
        d = ImageDraw.Draw(tile)
        step, w, h = self.px(spacing_pt), x1 - x0, y1 - y0
        dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        reach = math.hypot(w, h)
        k = -reach
        while k < reach:
            cx, cy = w / 2 - dy * k, h / 2 + dx * k
            d.line([(cx - dx * reach, cy - dy * reach), (cx + dx * reach, cy + dy * reach)], fill=0,
                   width=max(1, round(self.px(width_pt))))
            k += step
        self.im.paste(ImageChops.darker(self.im.crop((x0, y0, x1, y1)), tile), (x0, y0))

    def arrow(self, a, b, width_pt=0.8):
        self.line([a, b], width_pt)
        ang = math.atan2(b[1] - a[1], b[0] - a[0])
        size = self.px(5)
        left = (b[0] - size * math.cos(ang - 0.4), b[1] - size * math.sin(ang - 0.4))
        right = (b[0] - size * math.cos(ang + 0.4), b[1] - size * math.sin(ang + 0.4))
        self.draw.polygon([b, left, right], fill=0)

    def paste_ink(self, ink, x, y):
        """A bi-level block (bool, True = ink) onto the page at (x, y)."""
        self.im.paste(Image.fromarray(np.where(ink, 0, 255).astype(np.uint8)), (round(x), round(y)))


# ---------------------------------------------------------------------------------------------
# Running text.

class Flow:
    """Columns filled top to bottom, left to right: `take(h)` reserves h pixels of height."""

    def __init__(self, columns, top, bottom):
        self.columns, self.top, self.bottom = columns, top, bottom
        self.col, self.y = 0, top

    @property
    def x(self):
        return self.columns[self.col][0]

    @property
    def width(self):
        return self.columns[self.col][1]

    def take(self, h):
        """y of the reserved space, or None when no column has room left."""
        if self.y + h > self.bottom:
            if self.col + 1 == len(self.columns):
                return None
            self.col, self.y = self.col + 1, self.top
            if h > self.bottom - self.top:
                return None
        y, self.y = self.y, self.y + h
        return y


class Style:
    def __init__(self, canvas, family, points, leading=1.25):
        self.canvas, self.family, self.points = canvas, family, points
        self.fonts = [canvas.font(family, s, points) for s in range(3)]
        self.line_h = canvas.px(points * leading)
        self.space = self.fonts[0].getlength(" ")


def paragraph(c, flow, style, words, justify, indent_pt=0.0, emphasis=0.04):
    """Set `words` into `flow`; False when the page ran out of room."""
    rng = c.rng
    styled = [(w, 2 if rng.random() < emphasis else (1 if rng.random() < emphasis / 3 else 0)) for w in words]
    i = 0
    first = True
    while i < len(styled):
        y = flow.take(style.line_h)
        if y is None:
            return False
        indent = c.px(indent_pt) if first else 0
        avail = flow.width - indent
        line, width = [], 0.0
        while i < len(styled):
            w, s = styled[i]
            wl = style.fonts[s].getlength(w)
            extra = wl + (style.space if line else 0)
            if line and width + extra > avail:
                break
            line.append((w, s, wl))
            width += extra
            i += 1
        gap = style.space
        if justify and i < len(styled) and len(line) > 1:
            gap += (avail - width) / (len(line) - 1)
        x = flow.x + indent
        base = y + style.line_h * 0.8
        for w, s, wl in line:
            c.text(x, base, w, style.fonts[s])
            x += wl + gap
        first = False
    return True


def listing(c, flow, style, lines, frame):
    pad = c.px(4)
    height = len(lines) * style.line_h + 2 * pad
    y = flow.take(height + style.line_h * 0.5)
    if y is None:
        return False
    x = flow.x + c.px(12)
    for k, s in enumerate(lines):
        while s and style.fonts[0].getlength(s) > flow.width - c.px(20):
            s = s[:-1]
        c.text(x, y + pad + style.line_h * (k + 0.8), s, style.fonts[0])
    if frame:
        c.rect((flow.x, y, flow.x + flow.width, y + height), 0.5)
    return True


def halftone(rng, w, h, dpi):
    """A made-up photograph, screened as print does: bool [h, w], True = ink.

    A smooth random field with a few blobs, then either a clustered-dot screen at 65–133 lines
    per inch (offset print) or an 8×8 Bayer matrix (laser printers, old scanners' "photo" mode).
    """
    seed = rng.getrandbits(32)
    np_rng = np.random.default_rng(seed)
    small = Image.fromarray((np_rng.uniform(40, 230, (6, 8))).astype(np.uint8))
    small = small.resize((max(8, w // 8), max(8, h // 8)), Image.Resampling.BICUBIC)
    d = ImageDraw.Draw(small)
    for _ in range(rng.randint(2, 6)):
        cx, cy, r = rng.uniform(0, small.width), rng.uniform(0, small.height), rng.uniform(3, small.width / 4)
        d.ellipse([cx - r, cy - r * rng.uniform(0.5, 1.5), cx + r, cy + r], fill=rng.randint(0, 255))
    grey = np.asarray(small.resize((w, h), Image.Resampling.BICUBIC), dtype=np.float32) / 255
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if rng.random() < 0.7:
        period = dpi / rng.choice([65, 85, 100, 133])
        a = math.radians(rng.choice([45, 45, 0, 15]))
        u = (xx * math.cos(a) + yy * math.sin(a)) * (2 * math.pi / period)
        v = (-xx * math.sin(a) + yy * math.cos(a)) * (2 * math.pi / period)
        screen = (np.cos(u) + np.cos(v)) / 4 + 0.5
    else:
        b = np.array([[0]])
        for _ in range(3):
            b = np.block([[4 * b, 4 * b + 2], [4 * b + 3, 4 * b + 1]])
        screen = (b[yy.astype(int) % 8, xx.astype(int) % 8] + 0.5) / 64
    return grey < screen


def caption(c, flow, style, src, label):
    words = [label] + src.words(c.rng, c.rng.randint(4, 16))
    return paragraph(c, flow, style, words, justify=False, emphasis=0)


def text_page(c, src):
    """Running text: headings, paragraphs, listings, lists, maybe a screened photo and footnotes."""
    rng = c.rng
    serif = c.family("serif", "sans") if rng.random() < 0.35 else c.family("serif")
    mono = c.family("mono")
    two_col = rng.random() < 0.3
    points = rng.uniform(8, 10) if two_col else rng.uniform(8.5, 12.5)
    body = Style(c, serif, points, rng.uniform(1.12, 1.4))
    code = Style(c, mono, points * rng.uniform(0.8, 0.95), 1.15)
    head = Style(c, c.family("sans") if rng.random() < 0.4 else serif, points * rng.uniform(1.15, 1.6))
    left, right = c.inch(rng.uniform(0.7, 1.3)), c.inch(rng.uniform(0.7, 1.3))
    top, bottom = c.inch(rng.uniform(0.6, 1.0)), c.height - c.inch(rng.uniform(0.7, 1.1))
    if rng.random() < 0.8:  # running head and folio
        small = c.font(serif, 2 if rng.random() < 0.5 else 0, points * 0.85)
        c.text(left, top, " ".join(src.words(rng, rng.randint(2, 6))), small)
        c.text(c.width - right, top, str(rng.randint(1, 400)), small, anchor="rs")
        if rng.random() < 0.5:
            c.line([(left, top + c.px(4)), (c.width - right, top + c.px(4))], 0.4)
        top += c.px(points * 2.5)
    if rng.random() < 0.25:  # footnotes under a short rule
        note = Style(c, serif, points * 0.8)
        lines = rng.randint(2, 5)
        note_top = bottom - lines * note.line_h
        c.line([(left, note_top - c.px(4)), (left + c.inch(1.5), note_top - c.px(4))], 0.4)
        paragraph(c, Flow([(left, c.width - left - right)], note_top, bottom), note,
                  ["1"] + src.words(rng, lines * 14), justify=True, emphasis=0)
        bottom = note_top - c.px(points * 1.5)
    width = c.width - left - right
    if two_col:
        gutter = c.inch(rng.uniform(0.25, 0.4))
        colw = (width - gutter) / 2
        columns = [(left, colw), (left + colw + gutter, colw)]
    else:
        columns = [(left, width)]
    flow = Flow(columns, top, bottom)
    if rng.random() < 0.3:  # a title across the page
        title = Style(c, head.family, points * rng.uniform(1.8, 2.6))
        paragraph(c, Flow([(left, width)], top, bottom), title, src.words(rng, rng.randint(3, 9)), False, emphasis=0)
        flow.top = flow.y = top + title.line_h * 2.5
    justify = rng.random() < 0.6
    indent = points * rng.choice([0, 1.5, 2])
    photo_done = False
    figures = 0
    while True:
        r = rng.random()
        if r < 0.12:
            flow.take(body.line_h * 0.6)
            ok = paragraph(c, flow, head, src.words(rng, rng.randint(2, 8)), False, emphasis=0)
            if ok:
                flow.take(body.line_h * 0.3)
        elif r < 0.24 and src.code_lines:
            ok = listing(c, flow, code, src.code(rng, rng.randint(3, 14)), rng.random() < 0.3)
        elif r < 0.32:
            bullet = rng.choice(["\u2022", "\u2013", "*"])
            ok = True
            for k in range(rng.randint(2, 6)):
                ok = paragraph(c, flow, body, [bullet if bullet != "*" else f"{k + 1}."] +
                               src.words(rng, rng.randint(5, 40)), justify, emphasis=0.03)
                if not ok:
                    break
        elif r < 0.38 and not photo_done:
            photo_done = True
            w = round(flow.width * rng.uniform(0.5, 1.0))
            h = round(c.inch(rng.uniform(1.2, 3.0)))
            y = flow.take(h + body.line_h)
            ok = y is not None
            if ok:
                figures += 1
                c.paste_ink(halftone(rng, w, h, c.dpi), flow.x + (flow.width - w) / 2, y)
                ok = caption(c, flow, body, src, f"Figure {figures}:")
        else:
            ok = paragraph(c, flow, body, src.words(rng, rng.randint(20, 140)), justify, indent)
            if ok and indent == 0:
                flow.take(body.line_h * 0.5)
        if not ok:
            return f"text {serif} {points:.1f}pt, code {mono}, {'two columns' if two_col else 'one column'}"


# ---------------------------------------------------------------------------------------------
# Tables.

def _cell(rng, src, kind):
    if kind == "int":
        return f"{rng.randint(0, 10 ** rng.randint(1, 6)):,}"
    if kind == "dec":
        return f"{rng.uniform(-100, 1000):.{rng.randint(1, 4)}f}"
    if kind == "date":
        return f"{rng.randint(1990, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if kind == "id":
        return f"{rng.choice('ABCDEFGHKLMNPRSTX')}{rng.randint(100, 9999)}"
    return src.phrase(rng, 1, 3 if kind == "words" else 1)


def table(c, src, x, y, width, max_h, family, points):
    """One ruled table; returns its bottom y, or None if even a header would not fit."""
    rng = c.rng
    ncols = rng.randint(3, 8)
    kinds = ["word"] + [rng.choice(["int", "dec", "date", "id", "word", "words"]) for _ in range(ncols - 1)]
    fonts = [c.font(family, 0, points), c.font(family, 1, points)]
    row_h = c.px(points * rng.uniform(1.4, 2.0))
    pad = c.px(points * 0.5)
    rows = min(rng.randint(5, 30), int(max_h / row_h) - 2)
    if rows < 2:
        return None
    header = [src.phrase(rng, 1, 2).capitalize() for _ in range(ncols)]
    body = [[_cell(rng, src, k) for k in kinds] for _ in range(rows)]
    widths = [max(fonts[1].getlength(header[j]), *(fonts[0].getlength(r[j]) for r in body)) + 2 * pad
              for j in range(ncols)]
    while sum(widths) > width and ncols > 2:  # drop columns until it fits the measure
        ncols -= 1
        widths, header, kinds = widths[:ncols], header[:ncols], kinds[:ncols]
    if sum(widths) > width:
        return None
    spare = (width - sum(widths)) * rng.choice([0, 0, 0.5, 1])
    widths = [w + spare / ncols for w in widths]
    style = rng.choice(["grid", "booktabs", "rows", "frame"])
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    rule = rng.choice([0.4, 0.6, 1.0])
    for k in range(rows + 1):
        cells = header if k == 0 else body[k - 1]
        base = y + row_h * k + row_h * 0.68
        for j in range(ncols):
            s, f = cells[j], fonts[1 if k == 0 else 0]
            if kinds[j] in ("int", "dec") and k:
                c.text(xs[j + 1] - pad, base, s, f, anchor="rs")
            else:
                while s and f.getlength(s) > widths[j] - pad:
                    s = s[:-1]
                c.text(xs[j] + pad, base, s, f)
    bottom = y + row_h * (rows + 1)
    if style in ("grid", "frame"):
        c.rect((xs[0], y, xs[-1], bottom), rule)
        c.line([(xs[0], y + row_h), (xs[-1], y + row_h)], rule)
    if style == "grid":
        for xv in xs[1:-1]:
            c.line([(xv, y), (xv, bottom)], rule)
        for k in range(2, rows + 1):
            c.line([(xs[0], y + row_h * k), (xs[-1], y + row_h * k)], rule * 0.7)
    if style == "booktabs":
        c.line([(xs[0], y), (xs[-1], y)], rule * 1.6)
        c.line([(xs[0], y + row_h), (xs[-1], y + row_h)], rule)
        c.line([(xs[0], bottom), (xs[-1], bottom)], rule * 1.6)
    if style == "rows":
        for k in range(0, rows + 2):
            c.line([(xs[0], y + row_h * k), (xs[-1], y + row_h * k)], rule)
    return bottom


def table_page(c, src):
    rng = c.rng
    family = c.family("serif", "sans", "mono")
    text_family = c.family("serif", "sans")
    points = rng.uniform(7, 11)
    left, right = c.inch(rng.uniform(0.6, 1.2)), c.inch(rng.uniform(0.6, 1.2))
    y, bottom = c.inch(rng.uniform(0.6, 1.0)), c.height - c.inch(0.8)
    width = c.width - left - right
    body = Style(c, text_family, points * 1.1)
    if rng.random() < 0.6:
        flow = Flow([(left, width)], y, bottom)
        paragraph(c, flow, body, src.words(rng, rng.randint(30, 120)), True)
        y = flow.y + body.line_h
    n, misses = 0, 0
    while y < bottom - c.inch(1) and misses < 5:
        flow = Flow([(left, width)], y, bottom)
        caption(c, flow, body, src, f"Table {n + 1}.")
        end = table(c, src, left, flow.y + body.line_h * 0.3, width, bottom - flow.y, family, points)
        if end is None:  # too wide or too tall as drawn: blank the caption and draw another
            c.draw.rectangle((left, y, left + width, flow.y), fill=255)
            misses += 1
            continue
        n += 1
        y = end + c.inch(rng.uniform(0.3, 0.8))
    return f"tables {family} {points:.1f}pt, text {text_family}"


# ---------------------------------------------------------------------------------------------
# Forms.

def form_page(c, src):
    """A form: numbered title, section bars, labelled boxes and rules, check boxes, combs, some
    of it filled in with another face, maybe a signature."""
    rng = c.rng
    family = c.family("sans") if rng.random() < 0.7 else c.family("serif")
    fill_family = c.family("mono", "serif")
    points = rng.uniform(7, 10)
    label, bold = c.font(family, 0, points * 0.85), c.font(family, 1, points * 1.1)
    filled = c.font(fill_family, rng.choice([0, 2]), points * 1.2)
    left, right = c.inch(rng.uniform(0.5, 0.9)), c.width - c.inch(rng.uniform(0.5, 0.9))
    y = c.inch(rng.uniform(0.5, 0.8))
    c.text(left, y + c.px(points * 2.2), src.phrase(rng, 2, 6).upper(), c.font(family, 1, points * 2))
    c.text(right, y + c.px(points), f"Form {rng.randint(100, 9999)}-{rng.choice('ABCDEFK')} "
           f"(Rev. {rng.randint(1, 12)}/{rng.randint(90, 99) if rng.random() < 0.3 else rng.randint(10, 24):02d})",
           label, anchor="rs")
    y += c.px(points * 4)
    c.line([(left, y), (right, y)], rng.choice([1.0, 2.0, 3.0]))
    y += c.px(points * 1.5)
    section = 0
    bottom = c.height - c.inch(0.9)
    line_w = rng.choice([0.4, 0.6, 0.9])
    inverse = rng.random() < 0.5
    while y < bottom - c.px(points * 6):
        r = rng.random()
        if r < 0.18:  # section heading: a black bar with white text, or bold text over a rule
            section += 1
            h = c.px(points * 1.8)
            name = f"{'Part ' + 'IVX'[section % 3] if rng.random() < 0.4 else section}  {src.phrase(rng, 2, 5)}"
            if inverse:
                c.draw.rectangle((left, y, right, y + h), fill=0)
                c.text(left + c.px(4), y + h * 0.72, name, bold, fill=255)
            else:
                c.text(left, y + h * 0.72, name, bold)
                c.line([(left, y + h), (right, y + h)], line_w * 1.5)
            y += h + c.px(points)
        elif r < 0.55:  # a row of boxed fields, label in the corner
            n = rng.randint(1, 4)
            h = c.px(points * rng.uniform(2.6, 3.6))
            xs = sorted(rng.uniform(left, right) for _ in range(n - 1))
            edges = [left] + xs + [right]
            for a, b in zip(edges, edges[1:]):
                if b - a < c.inch(0.6):
                    continue
                c.rect((a, y, b, y + h), line_w)
                c.text(a + c.px(2), y + c.px(points), src.phrase(rng, 1, 4), label)
                if rng.random() < 0.6:
                    s = src.phrase(rng, 1, 4) if rng.random() < 0.6 else _cell(rng, src, rng.choice(["int", "date", "id"]))
                    while s and filled.getlength(s) > b - a - c.px(8):
                        s = s[:-1]
                    c.text(a + c.px(6), y + h - c.px(points * 0.6), s, filled)
            y += h
        elif r < 0.75:  # label, then a rule to write on
            base = y + c.px(points * 2.2)
            text = f"{rng.randint(1, 40)}{rng.choice(['a', '', '', '.'])} {src.phrase(rng, 2, 7)}"
            c.text(left, base, text, label)
            x0 = left + label.getlength(text) + c.px(6)
            if right - x0 > c.inch(0.5):
                dotted = rng.random() < 0.3
                c.line([(x0, base + c.px(2)), (right, base + c.px(2))], line_w, (0.5, 2) if dotted else None)
                if rng.random() < 0.5:
                    c.text(x0 + c.px(10), base - c.px(1), src.phrase(rng, 1, 5), filled)
            y = base + c.px(points)
        elif r < 0.9:  # check boxes
            base = y + c.px(points * 2.2)
            x = left
            box = c.px(points * 0.9)
            for _ in range(rng.randint(2, 6)):
                word = src.phrase(rng, 1, 3)
                if x + box + label.getlength(word) + c.px(20) > right:
                    break
                c.rect((x, base - box, x + box, base), line_w)
                if rng.random() < 0.35:  # ticked: an X or a check mark
                    if rng.random() < 0.5:
                        c.line([(x, base - box), (x + box, base)], 1.2)
                        c.line([(x + box, base - box), (x, base)], 1.2)
                    else:
                        c.line([(x + box * 0.1, base - box * 0.5), (x + box * 0.4, base),
                                (x + box * 1.2, base - box * 1.3)], 1.4)
                c.text(x + box + c.px(4), base, word, label)
                x += box + label.getlength(word) + c.px(points * 2)
            y = base + c.px(points * 0.8)
        else:  # comb: one box per character (dates, numbers)
            base = y + c.px(points * 2.6)
            text = src.phrase(rng, 1, 3)
            c.text(left, base, text, label)
            cell = c.px(points * 1.6)
            x = left + label.getlength(text) + c.px(8)
            digits = str(rng.randint(10 ** 5, 10 ** 12))
            for k in range(min(len(digits), int((right - x) / cell))):
                c.rect((x + k * cell, base - cell, x + (k + 1) * cell, base), line_w)
                if rng.random() < 0.7:
                    c.text(x + (k + 0.5) * cell, base - cell * 0.2, digits[k], filled, anchor="ms")
            y = base + c.px(points)
    if rng.random() < 0.6:
        _signature(c, left + c.inch(0.5), bottom - c.inch(0.1), c.inch(rng.uniform(1.5, 2.5)))
        c.line([(left, bottom), (left + c.inch(3), bottom)], line_w)
        c.text(left, bottom + c.px(points * 1.2), "Signature", label)
    return f"form {family}, filled in {fill_family}"


def _signature(c, x, y, width):
    """A handwritten-looking scribble: a smooth random walk with loops."""
    rng = c.rng
    pts, ang = [], 0.0
    cx, cy = x, y - c.px(8)
    step = width / 120
    for k in range(120):
        ang += rng.uniform(-0.6, 0.6) + 0.35 * math.sin(k / 3)
        cx += step + step * 2 * math.cos(ang)
        cy += step * 3 * math.sin(ang)
        cy = min(max(cy, y - c.px(30)), y)
        pts.append((cx, cy))
    c.draw.line(pts, fill=0, width=max(1, round(c.px(rng.uniform(0.8, 1.6)))), joint="curve")


# ---------------------------------------------------------------------------------------------
# Line art.

def _plot(c, box, family):
    rng = c.rng
    x0, y0, x1, y1 = box
    font = c.font(family, 0, rng.uniform(6.5, 9))
    pad_l, pad_b = c.px(30), c.px(22)
    ax0, ay1 = x0 + pad_l, y1 - pad_b
    c.rect((ax0, y0, x1, ay1), 0.6)
    nx, ny = rng.randint(4, 8), rng.randint(3, 7)
    grid = rng.random() < 0.4
    xstep = rng.choice([1, 2, 5, 10, 0.5])
    for k in range(nx + 1):
        xv = ax0 + (x1 - ax0) * k / nx
        c.line([(xv, ay1), (xv, ay1 - c.px(4))], 0.5)
        c.text(xv, ay1 + c.px(10), f"{k * xstep:g}", font, anchor="ms")
        if grid and 0 < k < nx:
            c.line([(xv, y0), (xv, ay1)], 0.3, (0.6, 2.4))
    for k in range(ny + 1):
        yv = ay1 - (ay1 - y0) * k / ny
        c.line([(ax0, yv), (ax0 + c.px(4), yv)], 0.5)
        c.text(ax0 - c.px(4), yv + c.px(3), f"{k * 0.25:g}", font, anchor="rs")
        if grid and 0 < k < ny:
            c.line([(ax0, yv), (x1, yv)], 0.3, (0.6, 2.4))
    styles = [None, (4, 2), (1, 2), (6, 2, )]
    for n in range(rng.randint(1, 3)):
        a, b, ph, d = rng.uniform(0.2, 0.45), rng.uniform(1, 8), rng.uniform(0, 6), rng.uniform(-0.3, 0.3)
        decay = rng.choice([0, 1.5])
        pts = []
        for k in range(121):
            t = k / 120
            v = 0.5 + a * math.sin(b * t + ph) * math.exp(-decay * t) + d * (t - 0.5)
            pts.append((ax0 + (x1 - ax0) * t, ay1 - (ay1 - y0) * min(max(v, 0.02), 0.98)))
        dash = styles[n % len(styles)] if rng.random() < 0.7 else None
        c.line(pts, rng.choice([0.5, 0.8, 1.2]), dash[:2] if dash else None)
        if rng.random() < 0.4:
            r = c.px(2)
            for px, py in pts[::rng.choice([10, 15, 20])]:
                shape = n % 3
                if shape == 0:
                    c.draw.ellipse((px - r, py - r, px + r, py + r), outline=0, width=max(1, round(c.px(0.5))))
                elif shape == 1:
                    c.draw.rectangle((px - r, py - r, px + r, py + r), fill=0)
                else:
                    c.draw.polygon([(px, py - r), (px - r, py + r), (px + r, py + r)], outline=0)
    c.text((ax0 + x1) / 2, y1, "".join(c.rng.choice("txyzn")) + " (" + rng.choice(["s", "m", "Hz", "%"]) + ")",
           font, anchor="ms")


def _bars(c, box, family):
    rng = c.rng
    x0, y0, x1, y1 = box
    font = c.font(family, 0, rng.uniform(6.5, 9))
    base = y1 - c.px(16)
    c.line([(x0, base), (x1, base)], 0.8)
    c.line([(x0, y0), (x0, base)], 0.8)
    groups, per = rng.randint(3, 8), rng.randint(1, 3)
    patterns = [("solid",), ("empty",), ("hatch", 45), ("hatch", -45), ("cross",), ("hatch", 0)]
    rng.shuffle(patterns)
    slot = (x1 - x0) / groups
    bw = slot * 0.7 / per
    for g in range(groups):
        for p in range(per):
            bx = x0 + slot * g + slot * 0.15 + bw * p
            top = base - (base - y0) * rng.uniform(0.1, 0.95)
            b = (bx, top, bx + bw, base)
            kind = patterns[p]
            if kind[0] == "solid":
                c.draw.rectangle(b, fill=0)
            elif kind[0] == "hatch":
                c.hatch(b, 3, kind[1])
            elif kind[0] == "cross":
                c.hatch(b, 3.5, 45)
                c.hatch(b, 3.5, -45)
            c.rect(b, 0.5)
        c.text(x0 + slot * (g + 0.5), y1, str(rng.randint(1990, 2024)), font, anchor="ms")


def _flowchart(c, box, family, src):
    rng = c.rng
    x0, y0, x1, y1 = box
    font = c.font(family, 0, rng.uniform(7, 9.5))
    cols, rows = rng.randint(1, 3), rng.randint(2, 4)
    cw, rh = (x1 - x0) / cols, (y1 - y0) / rows
    nodes = []
    for k in range(cols * rows):
        col, row = (k // rows, k % rows)
        cx, cy = x0 + cw * (col + 0.5), y0 + rh * (row + 0.5)
        w, h = cw * 0.7, rh * 0.5
        shape = rng.choice(["rect", "rect", "round", "diamond", "ellipse"])
        b = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        lw = max(1, round(c.px(0.7)))
        if shape == "rect":
            c.draw.rectangle(b, outline=0, width=lw)
        elif shape == "round":
            c.draw.rounded_rectangle(b, radius=h / 3, outline=0, width=lw)
        elif shape == "ellipse":
            c.draw.ellipse(b, outline=0, width=lw)
        else:
            c.draw.polygon([(cx, b[1]), (b[2], cy), (cx, b[3]), (b[0], cy)], outline=0, width=lw)
        s = src.phrase(rng, 1, 3)
        while s and font.getlength(s) > w * 0.8:
            s = s[:-1]
        c.text(cx, cy + c.px(3), s, font, anchor="ms")
        nodes.append((cx, cy, h))
    for (ax, ay, ah), (bx, by, bh) in zip(nodes, nodes[1:]):
        if ax == bx:
            c.arrow((ax, ay + ah / 2), (bx, by - bh / 2))
        else:  # down, across and up again: an orthogonal connector
            mid = y1 - c.px(4)
            c.line([(ax, ay + ah / 2), (ax, mid), ((ax + bx) / 2, mid), ((ax + bx) / 2, y0 + c.px(4)),
                    (bx, y0 + c.px(4))], 0.7)
            c.arrow((bx, y0 + c.px(4)), (bx, by - bh / 2))


def _drawing(c, box, family):
    """A machined part: outline, bores with centre lines, a hatched section, dimensions."""
    rng = c.rng
    x0, y0, x1, y1 = box
    font = c.font(family, 0, rng.uniform(6.5, 8.5))
    m = c.px(24)
    bx0, by0, bx1, by1 = x0 + m, y0 + m, x1 - m, y1 - m
    c.rect((bx0, by0, bx1, by1), 1.0)
    split = bx0 + (bx1 - bx0) * rng.uniform(0.55, 0.8)
    c.hatch((split, by0, bx1, by1), rng.choice([2.5, 3.5]), 45, 0.35)
    c.line([(split, by0), (split, by1)], 1.0)
    for _ in range(rng.randint(1, 4)):
        r = min(bx1 - bx0, by1 - by0) * rng.uniform(0.05, 0.15)
        cx, cy = rng.uniform(bx0 + r * 2, split - r * 2), rng.uniform(by0 + r * 2, by1 - r * 2)
        c.draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=0, width=max(1, round(c.px(0.8))))
        c.line([(cx - r * 1.4, cy), (cx + r * 1.4, cy)], 0.3, (6, 1.5))
        c.line([(cx, cy - r * 1.4), (cx, cy + r * 1.4)], 0.3, (6, 1.5))
    dy = by1 + m * 0.6
    c.line([(bx0, by1 + c.px(2)), (bx0, dy + c.px(3))], 0.3)
    c.line([(bx1, by1 + c.px(2)), (bx1, dy + c.px(3))], 0.3)
    c.arrow(((bx0 + bx1) / 2, dy), (bx0, dy), 0.3)
    c.arrow(((bx0 + bx1) / 2, dy), (bx1, dy), 0.3)
    c.draw.rectangle(((bx0 + bx1) / 2 - c.px(14), dy - c.px(5), (bx0 + bx1) / 2 + c.px(14), dy + c.px(5)), fill=255)
    c.text((bx0 + bx1) / 2, dy + c.px(3), f"{rng.uniform(20, 400):.1f}", font, anchor="ms")


def lineart_page(c, src):
    rng = c.rng
    family = c.family("sans", "serif")
    body = Style(c, c.family("serif", "sans"), rng.uniform(8.5, 11))
    left, right = c.inch(rng.uniform(0.7, 1.2)), c.inch(rng.uniform(0.7, 1.2))
    top, bottom = c.inch(rng.uniform(0.7, 1.0)), c.height - c.inch(0.9)
    width = c.width - left - right
    flow = Flow([(left, width)], top, bottom)
    kinds = []
    n = 0
    while True:
        if rng.random() < 0.4 and not paragraph(c, flow, body, src.words(rng, rng.randint(20, 90)), True):
            break
        per_row = 1 if rng.random() < 0.5 else 2
        h = c.inch(rng.uniform(1.8, 3.2))
        y = flow.take(h + body.line_h * 3)
        if y is None:
            break
        for k in range(per_row):
            w = width / per_row
            box = (left + w * k + c.px(10), y + c.px(6), left + w * (k + 1) - c.px(10), y + h)
            kind = rng.choice(["plot", "bars", "flow", "drawing"])
            kinds.append(kind)
            if kind == "plot":
                _plot(c, box, family)
            elif kind == "bars":
                _bars(c, box, family)
            elif kind == "flow":
                _flowchart(c, box, family, src)
            else:
                _drawing(c, box, family)
        n += 1
        flow.take(body.line_h * 0.5)
        if not caption(c, flow, body, src, f"Figure {n}."):
            break
        flow.take(body.line_h)
    return f"line art ({', '.join(kinds)}) {family}"


KINDS = {"text": text_page, "table": table_page, "form": form_page, "lineart": lineart_page}


def compose(kind, paper, dpi, fonts, rng, src):
    """(greyscale page uint8 [H, W], description) of one composed page."""
    c = Canvas(paper, dpi, fonts, rng)
    what = KINDS[kind](c, src)
    return np.asarray(c.im), what
