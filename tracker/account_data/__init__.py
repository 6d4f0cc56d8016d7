"""Your data: everything as one file (its schema, export and import), and deleting the account.

The blueprint is tracker.account_data.views.bp: the export page, the report and share links use each
other's modules, so the package itself imports nothing (create_app imports the views).
"""
