"""Fills in a commentary workbook as its owner would, saving it with openpyxl (as Excel
saves: a real writer, not scorecard's own). Used by tests/commentary.rs.

    fill_commentary.py IN.xlsx OUT.xlsx [REF=TEXT ...] [--cell CELL=TEXT ...]
                       [--hidden CELL=TEXT ...] [--drop-hidden]

REF=TEXT writes TEXT in the commentary column of the row whose Ref is REF; --cell writes
any cell of the Commentary sheet (to type over a figure); --hidden writes a cell of the
hidden sheet (as someone who unhid it might); --drop-hidden deletes the hidden sheet. Protection is left as it is: openpyxl writes cells whatever the sheet says.
"""
import sys

import openpyxl


def main(argv):
    source, target, rest = argv[0], argv[1], argv[2:]
    book = openpyxl.load_workbook(source)
    sheet = book["Commentary"]
    header_row = next(
        r for r in range(1, 20) if sheet.cell(row=r, column=1).value == "Ref"
    )
    column = next(
        c.column
        for c in sheet[header_row]
        if isinstance(c.value, str) and c.value.startswith("Commentary for ")
        and c.column > 3
        and sheet.cell(row=header_row, column=c.column + 1).value is None
    )
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--drop-hidden":
            del book["scorecard"]
        elif arg in ("--cell", "--hidden"):
            i += 1
            cell, text = rest[i].split("=", 1)
            target_sheet = sheet if arg == "--cell" else book["scorecard"]
            target_sheet[cell] = text
        else:
            ref, text = arg.split("=", 1)
            row = next(
                r
                for r in range(header_row + 1, sheet.max_row + 1)
                if str(sheet.cell(row=r, column=1).value) == ref
            )
            sheet.cell(row=row, column=column).value = text
        i += 1
    book.save(target)


if __name__ == "__main__":
    main(sys.argv[1:])
