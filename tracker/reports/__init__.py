"""The report: built once for a date range, shown as a page and drawn as a PDF.

The blueprint is tracker.reports.views.bp: the export page, the report and share links use each
other's modules, so the package itself imports nothing (create_app imports the views).
"""
