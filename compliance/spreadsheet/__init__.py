"""Plans as spreadsheets: the template, plan -> workbook, workbook (or CSV folder) -> plan.

layout.py  the sheets, read from the plan model by introspection
write.py   plan (or nothing: the template) -> XLSX workbook, or CSV texts
read.py    XLSX workbook or CSV folder -> validated plan, located errors; the plan as YAML
files.py   writing the results atomically (what the CLI calls)
"""
