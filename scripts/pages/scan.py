"""What a scanner (or a fax machine) does to a page on its way to one bit per pixel.

The order follows the light: the paper lies on the glass a little skewed and shifted (the lid
shows where it is not: white, or dark when the lid is dark or open), possibly with punched
holes; the lens blurs; the sensor adds noise and uneven illumination; a threshold makes it
bi-level; dust adds black specks and dropouts white ones. A fax machine does the same at
204 × 98 or 204 × 196 dpi, 1728 pixels across, and stamps a header line on top.

`draw_params` picks the settings from a seeded generator (so the manifest can print them),
`scan` applies them. Every length is drawn in inches or points and converted at the page's
resolution, so a 200-dpi page is degraded like a 300-dpi one, only coarser.
"""

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FAX_WIDTH = 1728  # ITU-T T.4: 1728 pixels across a 215 mm scan line


def draw_params(rng, xdpi, ydpi, fax=False):
    """Scan settings for one page, from `rng` (random.Random). Keys are what `scan` reads."""
    p = {"xdpi": xdpi, "ydpi": ydpi}
    p["angle"] = round(rng.uniform(-1.5, 1.5), 3) if rng.random() < 0.75 else 0.0
    # Blur: standard deviation in inches (0.001 in ≈ 0.3 px at 300 dpi).
    p["blur_in"] = round(rng.uniform(0.0008, 0.0045), 5)
    # Threshold on 0…255 grey: low keeps thin strokes thin, high thickens them and fills counters.
    p["threshold"] = round(rng.uniform(105, 175), 1)
    p["noise"] = round(rng.uniform(2, 24), 1)                        # sensor noise, grey levels (σ)
    p["shading"] = round(rng.uniform(5, 30), 1) if rng.random() < 0.4 else 0.0  # uneven light
    p["specks_per_mpx"] = round(rng.uniform(2, 250), 1) if rng.random() < 0.5 else 0.0
    p["dropouts_per_mpx"] = round(rng.uniform(2, 150), 1) if rng.random() < 0.3 else 0.0
    dark_lid = rng.random() < 0.2
    p["lid"] = rng.randint(15, 70) if dark_lid else 255
    # With a dark lid the paper is shifted so one or two edges of the glass show (black borders).
    p["shift_in"] = ((rng.choice([-1, 1]) * round(rng.uniform(0.05, 0.45), 3) if rng.random() < 0.7 else 0.0,
                     rng.choice([-1, 1]) * round(rng.uniform(0.05, 0.45), 3) if rng.random() < 0.6 else 0.0)
                     if dark_lid else (0.0, 0.0))
    p["holes"] = rng.choice([2, 3]) if dark_lid and rng.random() < 0.3 else 0
    if fax:
        p["header"] = rng.random() < 0.8
        p["streaks"] = rng.randint(1, 3) if rng.random() < 0.2 else 0  # dirt on the scan bar
        p["repeated_rows"] = rng.randint(1, 4) if rng.random() < 0.15 else 0  # line errors, concealed
        p["noise"] = round(rng.uniform(2, 12), 1)
        p["header_text"] = fax_header(rng)
    p["seed"] = rng.getrandbits(32)
    return p


def describe(p):
    """One line for the manifest."""
    parts = [f"angle {p['angle']:+.2f}", f"blur {p['blur_in'] * p['ydpi']:.2f}px",
             f"threshold {p['threshold']:.0f}", f"noise {p['noise']:.0f}"]
    if p["shading"]:
        parts.append(f"shading {p['shading']:.0f}")
    if p["specks_per_mpx"]:
        parts.append(f"specks {p['specks_per_mpx']:.0f}/Mpx")
    if p["dropouts_per_mpx"]:
        parts.append(f"dropouts {p['dropouts_per_mpx']:.0f}/Mpx")
    if p["lid"] != 255:
        parts.append(f"dark lid, shift {p['shift_in'][0]:+.2f},{p['shift_in'][1]:+.2f}in")
    if p["holes"]:
        parts.append(f"{p['holes']} punched holes")
    if p.get("header"):
        parts.append("fax header")
    if p.get("streaks"):
        parts.append(f"{p['streaks']} streaks")
    if p.get("repeated_rows"):
        parts.append(f"{p['repeated_rows']} repeated-row runs")
    return ", ".join(parts)


def fax_header(rng):
    months = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
    total = rng.randint(1, 12)
    return (f"{months[rng.randrange(12)]}-{rng.randint(1, 28):02d}-{rng.randint(1994, 2024)} "
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}  FROM: {rng.randint(100, 999)} "
            f"{rng.randint(100, 999)} {rng.randint(1000, 9999)}      TO: {rng.randint(1000000, 9999999)}"
            f"        P.{rng.randint(1, total)}/{total}")


def scan(grey, p, header_font=None):
    """The bi-level page a scan with settings `p` makes of `grey` (uint8 [H, W], 255 = white).

    Returns bool [H', W'], True = ink; H', W' = H, W except for fax pages (width 1728).
    """
    np_rng = np.random.default_rng(p["seed"])
    xdpi, ydpi = p["xdpi"], p["ydpi"]
    im = Image.fromarray(grey)
    if p["holes"]:
        im = im.copy()
        _punch(im, p["holes"], xdpi, ydpi, p["lid"])
    dx, dy = p["shift_in"]
    # Rotation about the centre, then the shift; what the paper no longer covers shows the lid.
    im = im.rotate(p["angle"], resample=Image.Resampling.BILINEAR,
                   translate=(dx * xdpi, dy * ydpi), fillcolor=p["lid"])
    sigma = p["blur_in"] * min(xdpi, ydpi)
    if sigma >= 0.25:
        im = im.filter(ImageFilter.GaussianBlur(sigma))
    g = np.asarray(im, dtype=np.float32)
    h, w = g.shape
    if p["shading"]:
        coarse = Image.fromarray(np_rng.uniform(-1, 1, (4, 3)).astype(np.float32), mode="F")
        g = g + p["shading"] * np.asarray(coarse.resize((w, h), Image.Resampling.BICUBIC))
    g += np_rng.standard_normal((h, w), dtype=np.float32) * np.float32(p["noise"])
    ink = g < p["threshold"]
    _specks(ink, np_rng, p["specks_per_mpx"], True, xdpi)
    _specks(ink, np_rng, p["dropouts_per_mpx"], False, xdpi)
    if "header" in p:
        ink = _fax_finish(ink, p, np_rng, header_font)
    return ink


def _punch(im, count, xdpi, ydpi, lid):
    """Filing holes 6 mm across, 1/2 inch from the left edge, centred on the page's height."""
    draw = ImageDraw.Draw(im)
    r = 3 / 25.4
    spacing = 4.25 if count == 3 else 80 / 25.4  # US three-hole; ISO 838 two-hole
    cy = im.height / ydpi / 2
    for k in range(count):
        y = cy + (k - (count - 1) / 2) * spacing
        draw.ellipse([(0.5 - r) * xdpi, (y - r) * ydpi, (0.5 + r) * xdpi, (y + r) * ydpi], fill=lid)


_SPECK_MASKS = [np.array(m, dtype=bool) for m in (
    [[1]], [[1, 1]], [[1], [1]], [[1, 1], [1, 1]], [[0, 1, 0], [1, 1, 1], [0, 1, 0]],
    [[0, 1, 1, 0], [1, 1, 1, 1], [1, 1, 1, 1], [0, 1, 1, 0]])]


def _specks(ink, np_rng, per_mpx, value, dpi):
    """Dust: small blobs set to `value` (True: black specks, False: white dropouts)."""
    n = int(per_mpx * ink.size / 1e6)
    if not n:
        return
    h, w = ink.shape
    big = 1 if dpi < 250 else 0  # the larger blobs are kept for 300 dpi, where they are still small
    ys, xs = np_rng.integers(0, h - 4, n), np_rng.integers(0, w - 4, n)
    kinds = np_rng.integers(0, len(_SPECK_MASKS) - big, n)
    for y, x, k in zip(ys, xs, kinds):
        m = _SPECK_MASKS[k]
        region = ink[y:y + m.shape[0], x:x + m.shape[1]]
        region[m] = value


def _fax_finish(ink, p, np_rng, header_font):
    """1728 pixels across, the header line stamped on top, streaks and repeated rows."""
    h, w = ink.shape
    out = np.zeros((h, FAX_WIDTH), dtype=bool)
    if w >= FAX_WIDTH:
        x0 = (w - FAX_WIDTH) // 2
        out[:] = ink[:, x0:x0 + FAX_WIDTH]
    else:
        x0 = (FAX_WIDTH - w) // 2
        out[:, x0:x0 + w] = ink
    if p["header"] and header_font is not None:
        _stamp_header(out, p, header_font)
    for _ in range(p["streaks"]):
        x = int(np_rng.integers(0, FAX_WIDTH - 2))
        out[:, x:x + int(np_rng.integers(1, 3))] = True
    for _ in range(p["repeated_rows"]):
        y = int(np_rng.integers(1, h - 8))
        out[y:y + int(np_rng.integers(1, 6))] = out[y - 1]
    return out


def _stamp_header(out, p, font_path):
    """The sending machine's line (date, number, page) in a 9-point mono face, no anti-aliasing."""
    xdpi, ydpi = p["xdpi"], p["ydpi"]
    size = round(9 / 72 * xdpi)
    font = ImageFont.truetype(font_path, size)
    strip = Image.new("1", (FAX_WIDTH, size * 2), 0)
    ImageDraw.Draw(strip).text((size, size // 3), p["header_text"], font=font, fill=1)
    # Drawn with square pixels at the horizontal resolution, then squeezed to the vertical one.
    strip = strip.resize((FAX_WIDTH, max(1, round(strip.height * ydpi / xdpi))), Image.Resampling.NEAREST)
    band = np.asarray(strip, dtype=bool)
    out[:band.shape[0]] = band
