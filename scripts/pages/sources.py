"""What the corpus is made of: documents and fonts from Debian packages, split into train and test.

The split rule: the test split uses documents *and* typefaces that the training split never
sees. Training documents are set in Computer Modern (TeX/Texinfo manuals) and Liberation (the
Debian Reference); training's composed pages use the TRAIN_FONTS families. Test documents are
set in the Times/Helvetica/Courier designs (URW Nimbus via ghostscript and poppler, TeX Gyre
Termes/Heros embedded in the Developer's Reference), and test's composed pages use the other
URW base-35 families. No font file is in both lists, and no document is.

Every entry names its Debian package, its path there and its licence as the package's
copyright file gives it (docs/CORPUS.md has the same table, for humans).
"""

from collections import namedtuple

# `pages`: how many pages to take from the document (chosen by the seeded plan among pages with
# ink). `licence`: from /usr/share/doc/PACKAGE/copyright.
Document = namedtuple("Document", "key package path licence typefaces pages")

R_NOTICE = "GPL-2 (package); the manual's own notice allows verbatim and modified copies"
R_MANUALS = "/usr/share/R/doc/manual/"
OCTAVE = "/usr/share/doc/octave/"
ASY = "/usr/share/doc/asymptote/"
GROFF = "/usr/share/doc/groff-base/"

TRAIN_DOCUMENTS = [
    # Texinfo manuals: prose, code listings, option tables, indices (Computer Modern).
    Document("R-intro", "r-doc-pdf", R_MANUALS + "R-intro.pdf", R_NOTICE, "Computer Modern", 12),
    Document("R-data", "r-doc-pdf", R_MANUALS + "R-data.pdf", R_NOTICE, "Computer Modern", 4),
    Document("R-lang", "r-doc-pdf", R_MANUALS + "R-lang.pdf", R_NOTICE, "Computer Modern", 6),
    Document("R-admin", "r-doc-pdf", R_MANUALS + "R-admin.pdf", R_NOTICE, "Computer Modern", 7),
    Document("R-exts", "r-doc-pdf", R_MANUALS + "R-exts.pdf", R_NOTICE, "Computer Modern", 11),
    Document("R-ints", "r-doc-pdf", R_MANUALS + "R-ints.pdf", R_NOTICE, "Computer Modern", 4),
    Document("R-FAQ", "r-doc-pdf", R_MANUALS + "R-FAQ.pdf", R_NOTICE, "Computer Modern", 3),
    # The function reference: dense argument lists, examples, two fonts of code.
    Document("R-refman", "r-doc-pdf", R_MANUALS + "fullrefman.pdf", R_NOTICE, "Computer Modern", 8),
    Document("octave", "octave-doc", OCTAVE + "octave.pdf", "GPL-3+", "Computer Modern", 30),
    Document("liboctave", "octave-doc", OCTAVE + "liboctave.pdf", "GPL-3+", "Computer Modern", 3),
    # A landscape three-column reference card: small type, dense; turned to portrait.
    Document("octave-refcard", "octave-doc", OCTAVE + "refcard-letter.pdf", "GPL-3+",
             "Computer Modern", 2),
    # LaTeX manuals with many vector figures (line art, plots, 3-D wireframes).
    Document("asymptote", "asymptote-doc", ASY + "asymptote.pdf", "GPL-3+", "Computer Modern", 22),
    Document("asymptote-CAD", "asymptote-doc", ASY + "CAD.pdf", "GPL-3+", "Computer Modern", 3),
    Document("asy-latex", "asymptote-doc", ASY + "asy-latex.pdf", "GPL-3+", "Computer Modern", 2),
    Document("asyRefCard", "asymptote-doc", ASY + "asyRefCard.pdf",
             "permissive (copy with or without modifications, keep the notice)", "Computer Modern", 2),
    # DocBook via dblatex: sans headings, many tables and shell listings, A4.
    Document("debian-reference", "debian-reference-en",
             "/usr/share/debian-reference/debian-reference.en.pdf", "GPL-2+",
             "Liberation Sans/Serif/Mono", 30),
]

TEST_DOCUMENTS = [
    Document("developers-reference", "developers-reference",
             "/usr/share/developers-reference/developers-reference.pdf", "GPL-2+",
             "TeX Gyre Termes/Heros (Times/Helvetica designs)", 7),
    # pdfTeX with the base-14 fonts left unembedded: poppler draws them with URW Nimbus.
    Document("maxima-book", "maxima-doc", "/usr/share/doc/maxima-doc/maximabook-19-Sept-2004.pdf.gz",
             "GPL-2 (package copyright; the book states no licence of its own)",
             "Times/Helvetica/Courier (URW Nimbus)", 7),
    # groff's PostScript, drawn by ghostscript with its URW fonts.
    Document("groff-pic", "groff", GROFF + "pic.ps.gz", "GPL-3+ (groff documentation)",
             "Times/Courier (URW Nimbus)", 2),
    Document("groff-meintro", "groff", GROFF + "meintro.ps.gz", "BSD (UC Berkeley, -me macros)",
             "Times (URW Nimbus)", 1),
    Document("groff-meref", "groff", GROFF + "meref.ps.gz", "BSD (UC Berkeley, -me macros)",
             "Times (URW Nimbus)", 1),
    Document("groff-grn", "groff", GROFF + "examples/grnexmpl.ps.gz", "GPL-3+ (groff)",
             "Times (URW Nimbus)", 1),
    Document("groff-hdtbl-pickles", "groff", GROFF + "examples/hdtbl/mixed_pickles.ps.gz",
             "GPL-3+ (groff)", "Helvetica/Times (URW Nimbus)", 1),
    Document("groff-hdtbl-fonts", "groff", GROFF + "examples/hdtbl/fonts_n.ps.gz", "GPL-3+ (groff)",
             "Times and others (URW base 35)", 1),
    Document("groff-hdtbl-reference", "groff", GROFF + "examples/hdtbl/short_reference.ps.gz",
             "GPL-3+ (groff)", "Helvetica/Times (URW Nimbus)", 1),
]

# Composed pages per split and kind (compose.py draws them).
TRAIN_COMPOSED = {"text": 35, "table": 20, "form": 15, "lineart": 20}
TEST_COMPOSED = {"text": 2, "table": 2, "form": 1, "lineart": 1}

# Text for composed pages comes from the same split's documents (pdftotext), so prose and code
# listings are real and the split stays clean. (key, first page, last page)
TRAIN_TEXT = [("R-intro", 8, 60), ("R-exts", 10, 60), ("octave", 30, 90), ("debian-reference", 20, 80)]
TEST_TEXT = [("developers-reference", 8, 60), ("maxima-book", 8, 60)]

# Typefaces for composed pages: family -> (regular, bold, italic, kind), kind serif/sans/mono.
LM = "/usr/share/texmf/fonts/opentype/public/lm/"
LIB = "/usr/share/fonts/truetype/liberation2/"
DJ = "/usr/share/fonts/truetype/dejavu/"
LL = "/usr/share/fonts/opentype/linux-libertine/"
EBG = "/usr/share/fonts/opentype/ebgaramond/"
CX = "/usr/share/fonts/truetype/crosextra/"
GO = "/usr/share/fonts/fonts-go/"
URW = "/usr/share/fonts/opentype/urw-base35/"

TRAIN_FONTS = {
    "Latin Modern Roman": (LM + "lmroman10-regular.otf", LM + "lmroman10-bold.otf",
                           LM + "lmroman10-italic.otf", "serif"),
    "Latin Modern Sans": (LM + "lmsans10-regular.otf", LM + "lmsans10-bold.otf",
                          LM + "lmsans10-oblique.otf", "sans"),
    "Latin Modern Mono": (LM + "lmmono10-regular.otf", LM + "lmmonolt10-bold.otf",
                          LM + "lmmono10-italic.otf", "mono"),
    "Liberation Serif": (LIB + "LiberationSerif-Regular.ttf", LIB + "LiberationSerif-Bold.ttf",
                         LIB + "LiberationSerif-Italic.ttf", "serif"),
    "Liberation Sans": (LIB + "LiberationSans-Regular.ttf", LIB + "LiberationSans-Bold.ttf",
                        LIB + "LiberationSans-Italic.ttf", "sans"),
    "Liberation Mono": (LIB + "LiberationMono-Regular.ttf", LIB + "LiberationMono-Bold.ttf",
                        LIB + "LiberationMono-Italic.ttf", "mono"),
    "DejaVu Serif": (DJ + "DejaVuSerif.ttf", DJ + "DejaVuSerif-Bold.ttf", DJ + "DejaVuSerif-Italic.ttf",
                     "serif"),
    "DejaVu Sans": (DJ + "DejaVuSans.ttf", DJ + "DejaVuSans-Bold.ttf", DJ + "DejaVuSans-Oblique.ttf",
                    "sans"),
    "DejaVu Sans Mono": (DJ + "DejaVuSansMono.ttf", DJ + "DejaVuSansMono-Bold.ttf",
                         DJ + "DejaVuSansMono-Oblique.ttf", "mono"),
    "Linux Libertine": (LL + "LinLibertine_R.otf", LL + "LinLibertine_RB.otf", LL + "LinLibertine_RI.otf",
                        "serif"),
    "Linux Biolinum": (LL + "LinBiolinum_R.otf", LL + "LinBiolinum_RB.otf", LL + "LinBiolinum_RI.otf",
                       "sans"),
    "EB Garamond": (EBG + "EBGaramond12-Regular.otf", EBG + "EBGaramond12-Bold.otf",
                    EBG + "EBGaramond12-Italic.otf", "serif"),
    "Caladea": (CX + "Caladea-Regular.ttf", CX + "Caladea-Bold.ttf", CX + "Caladea-Italic.ttf", "serif"),
    "Carlito": (CX + "Carlito-Regular.ttf", CX + "Carlito-Bold.ttf", CX + "Carlito-Italic.ttf", "sans"),
    "Go": (GO + "Go-Regular.ttf", GO + "Go-Bold.ttf", GO + "Go-Italic.ttf", "sans"),
    "Go Mono": (GO + "Go-Mono.ttf", GO + "Go-Mono-Bold.ttf", GO + "Go-Mono-Italic.ttf", "mono"),
    "Inconsolata": ("/usr/share/fonts/truetype/inconsolata/Inconsolata.otf",) * 3 + ("mono",),
}

TEST_FONTS = {
    "Nimbus Roman": (URW + "NimbusRoman-Regular.otf", URW + "NimbusRoman-Bold.otf",
                     URW + "NimbusRoman-Italic.otf", "serif"),
    "Nimbus Sans": (URW + "NimbusSans-Regular.otf", URW + "NimbusSans-Bold.otf",
                    URW + "NimbusSans-Italic.otf", "sans"),
    "Nimbus Sans Narrow": (URW + "NimbusSansNarrow-Regular.otf", URW + "NimbusSansNarrow-Bold.otf",
                           URW + "NimbusSansNarrow-Oblique.otf", "sans"),
    "Nimbus Mono PS": (URW + "NimbusMonoPS-Regular.otf", URW + "NimbusMonoPS-Bold.otf",
                       URW + "NimbusMonoPS-Italic.otf", "mono"),
    "P052": (URW + "P052-Roman.otf", URW + "P052-Bold.otf", URW + "P052-Italic.otf", "serif"),
    "C059": (URW + "C059-Roman.otf", URW + "C059-Bold.otf", URW + "C059-Italic.otf", "serif"),
    "URW Bookman": (URW + "URWBookman-Light.otf", URW + "URWBookman-Demi.otf",
                    URW + "URWBookman-LightItalic.otf", "serif"),
    "URW Gothic": (URW + "URWGothic-Book.otf", URW + "URWGothic-Demi.otf", URW + "URWGothic-BookOblique.otf",
                   "sans"),
}

FONT_PACKAGES = {
    "fonts-lmodern": ("Latin Modern Roman/Sans/Mono", "GUST Font License (LPPL-style)"),
    "fonts-liberation2": ("Liberation Serif/Sans/Mono", "SIL OFL 1.1"),
    "fonts-dejavu-core, fonts-dejavu-extra": ("DejaVu Serif/Sans/Sans Mono",
                                              "Bitstream Vera licence (permissive) + public domain"),
    "fonts-linuxlibertine": ("Linux Libertine, Linux Biolinum", "GPL-2+ with font exception / OFL 1.1"),
    "fonts-ebgaramond": ("EB Garamond", "SIL OFL 1.1"),
    "fonts-crosextra-caladea": ("Caladea", "Apache-2.0"),
    "fonts-crosextra-carlito": ("Carlito", "SIL OFL 1.1"),
    "fonts-go": ("Go, Go Mono", "BSD-3-clause"),
    "fonts-inconsolata": ("Inconsolata", "SIL OFL 1.0"),
    "fonts-urw-base35": ("Nimbus Roman/Sans/Sans Narrow/Mono PS, P052, C059, URW Bookman, URW Gothic",
                         "AGPL-3 with font exception"),
}


def split_sources(split):
    """(documents, composed counts, text sources, fonts) of a split."""
    if split == "train":
        return TRAIN_DOCUMENTS, TRAIN_COMPOSED, TRAIN_TEXT, TRAIN_FONTS
    return TEST_DOCUMENTS, TEST_COMPOSED, TEST_TEXT, TEST_FONTS


def check_disjoint():
    """The split rule, checked: no document and no font file in both splits."""
    docs = {d.path for d in TRAIN_DOCUMENTS} & {d.path for d in TEST_DOCUMENTS}
    files = {f for v in TRAIN_FONTS.values() for f in v[:3]} & {f for v in TEST_FONTS.values() for f in v[:3]}
    if docs or files:
        raise SystemExit(f"train and test share sources: {sorted(docs | files)}")
