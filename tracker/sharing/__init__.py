"""Share links: a doctor opens the report without an account.

The blueprint is tracker.sharing.views.bp: the export page, the report and share links use each
other's modules, so the package itself imports nothing (create_app imports the views).
"""
