"""Built-in Jinja templates and the reference .docx, shipped as package data."""
