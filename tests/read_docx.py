"""Reads a Word document the way a second program would (python-docx) and prints what
tests/docx.rs checks, as JSON: each paragraph's style and text, each table's rows with
their header-row and cannot-split marks, every picture's alt text, the core properties,
the default language, and the header's and footer's text."""

import json
import sys

import docx
from docx.oxml.ns import qn

document = docx.Document(sys.argv[1])


def row_marks(row):
    tr_pr = row._tr.trPr
    header = tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
    cant_split = tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
    return header, cant_split


tables = []
for table in document.tables:
    rows = []
    for row in table.rows:
        header, cant_split = row_marks(row)
        rows.append({"header": header, "cant_split": cant_split,
                     "cells": [cell.text for cell in row.cells]})
    tables.append(rows)

body = document.element.body
alts = [el.get("descr") for el in body.iter(
    "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
defaults = document.styles.element.find(qn("w:docDefaults"))
lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val"))
core = document.core_properties
section = document.sections[0]
print(json.dumps({
    "paragraphs": [[p.style.name, p.text] for p in document.paragraphs],
    "tables": tables,
    "alts": alts,
    "language": lang,
    "core": {"title": core.title, "author": core.author, "subject": core.subject,
             "keywords": core.keywords, "language": core.language,
             "created": core.created.isoformat() if core.created else None,
             "modified": core.modified.isoformat() if core.modified else None},
    "header": "\n".join(p.text for p in section.header.paragraphs),
    "footer": "\n".join(p.text for p in section.footer.paragraphs),
    "landscape": section.page_width > section.page_height,
    "page_mm": [round(section.page_width.mm), round(section.page_height.mm)],
}, indent=1))
