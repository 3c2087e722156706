"""Printable outputs: PDFs (reports, checklists, consent letters, evidence) and export bundles."""
