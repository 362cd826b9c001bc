"""The page corpus for the bi-level document model (scripts/make-pages.py; docs/CORPUS.md).

    sources   which documents and fonts each split uses, with their Debian packages and licences
    render    rasterising PDF and PostScript pages (pdftoppm, ghostscript) and writing P4 PBM
    compose   pages drawn here: text in many fonts, tables, forms, line art, halftones
    scan      what a scanner or a fax machine does to a page: skew, blur, noise, threshold, specks
"""
