"""Plan documents (PDF, DOCX, ODT, text) -> draft plan files: `compliance import PIANO.pdf`.

intermediate.py  what every reader produces: lines and tables, each piece with its place
read.py          dispatch by suffix; read_text.py, read_pdf.py, read_docx.py, read_odt.py
limits.py        bounds on pages, unpacked bytes, rows (a hostile file stops early)
values.py        numbers, shares, dates, names as documents write them
intestazioni.yaml, headers.py   table titles, column headers and sentences -> plan fields (data)
tables.py, layout.py            a section's tables (or columns laid out with spaces) -> rows
extract.py       document -> what it states (Extraction), ambiguities kept apart
draft.py         Extraction -> validated draft YAML with a provenance comment on every value
command.py       what the CLI calls: one document, or a folder (--lotto) with one summary
synthetic.py     documents made from the generator's plans, with noise (tests, benchmark)
"""
