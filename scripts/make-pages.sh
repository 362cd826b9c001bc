#!/usr/bin/env bash
# Makes the document-page corpus for the bi-level document model in one command: installs the
# Debian packages it is drawn from, then runs scripts/make-pages.py (docs/CORPUS.md says what
# comes out, from what, under which licences).
#
#   bash scripts/make-pages.sh OUTDIR [--seed 1] [--jobs 2] [--limit N]
#   nice -n 19 bash scripts/make-pages.sh /tmp/pages     # on a machine that others use
#
# Writes OUTDIR/train/*.pbm, OUTDIR/test/*.pbm (P4, bit 1 = black ink), OUTDIR/manifest.tsv and
# OUTDIR/summary.md. Deterministic for a given seed and set of package versions. About 2 CPU
# minutes; needs root or sudo for apt-get when a package is missing.
#
# The packages, and why each:
#   poppler-utils         pdftoppm (PDF pages), pdfinfo (page counts), pdftotext (text for composed pages)
#   ghostscript           gs: renders the PostScript documents (groff's), a second rasteriser
#   python3-numpy, python3-pil   scan simulation and composed pages (Debian's, for /usr/bin/python3)
#   fontconfig            fc-match: checks that unembedded Times resolves to URW Nimbus, a test-only face
# Documents (DFSG-free documentation packages in main):
#   r-doc-pdf             train: the R manuals (R-intro, R-exts, R-admin, ..., the reference manual)
#   octave-doc            train: the GNU Octave manual, liboctave manual, reference card
#   asymptote-doc         train: Asymptote manual, CAD and LaTeX notes, reference card (figures, line art)
#   debian-reference-en   train: the Debian Reference (A4, Liberation faces, many tables)
#   developers-reference  test: Debian Developer's Reference (TeX Gyre Termes/Heros)
#   maxima-doc            test: The Maxima Book (Times/Helvetica/Courier)
#   groff                 test: groff's PostScript documents (pic, -me intro and reference, grn, hdtbl tables)
# Typefaces for the pages composed here (train / test never share one):
#   fonts-lmodern, fonts-liberation2, fonts-dejavu-core, fonts-dejavu-extra, fonts-linuxlibertine,
#   fonts-ebgaramond, fonts-crosextra-caladea, fonts-crosextra-carlito, fonts-go, fonts-inconsolata   train
#   fonts-urw-base35      test (Nimbus, P052, C059, URW Bookman, URW Gothic); also ghostscript's fonts
set -euo pipefail
cd "$(dirname "$0")/.."

if (($# < 1)); then
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi

packages=(poppler-utils ghostscript python3-numpy python3-pil fontconfig
          r-doc-pdf octave-doc asymptote-doc debian-reference-en developers-reference maxima-doc groff
          fonts-lmodern fonts-liberation2 fonts-dejavu-core fonts-dejavu-extra fonts-linuxlibertine
          fonts-ebgaramond fonts-crosextra-caladea fonts-crosextra-carlito fonts-go fonts-inconsolata
          fonts-urw-base35)
# No recommends: groff's would bring X11 and more, none of which a page needs.
source scripts/apt-install.sh
apt_install --no-recommends "${packages[@]}"

export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the work tree
exec /usr/bin/python3 scripts/make-pages.py "$@"  # Debian's Python: the python3-* packages are its
