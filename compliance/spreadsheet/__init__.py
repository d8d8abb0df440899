"""Plans as spreadsheets: the template a clerk fills, plan -> workbook, workbook -> plan.

layout.py     the sheets (forms and grids), read from the plan model by introspection
book.py       the workbook as cells: values, formats, checks, dropdown lists, instructions
cells.py      one value between the plan and a cell: exact numbers, percentages, sì/no, texts
xlsx.py       XLSX: write a book (openpyxl); read the sheets, streaming and bounded
ods.py        ODS: write a book (odfpy); read the sheets, streaming and bounded
csv_files.py  a folder of CSV files: ; UTF-8 with BOM, decimal comma, no formula injection
limits.py     the bounds on what an import unpacks and reads
read.py       a file -> what its sheets say (by format, plan type, columns and rows)
assemble.py   what the sheets say -> the validated plan, every problem located
files.py      what the CLI calls: template/export written atomically, import to YAML
"""
