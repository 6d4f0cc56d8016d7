"""The day page: log foods, edit and delete entries, see the day's magnesium.

The blueprint is tracker.diary.views.bp. The day page (day_page.py) shows the supplements'
forms and the supplements' views answer with the day page, so the package itself imports
nothing (create_app imports the views).
"""
