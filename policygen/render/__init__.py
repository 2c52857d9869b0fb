"""Render resolved documents to HTML (Jinja2), PDF (WeasyPrint) and DOCX (python-docx)."""
