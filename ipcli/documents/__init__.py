"""One plan as a document: Markdown and HTML (Jinja2 templates in ipcli/templates), the
printable blocks and the PDF/A made from them, and the FHIR export.
"""
