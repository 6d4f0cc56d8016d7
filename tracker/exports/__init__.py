"""The export page: choose dates, download the entries and daily totals as CSV.

The blueprint is tracker.exports.views.bp: the export page, the report and share links use each
other's modules, so the package itself imports nothing (create_app imports the views).
"""
