"""My regimen: planned supplements and medicines, their doses on the day page, adherence and
reminders by email.

The blueprint is tracker.regimens.views.bp; create_app imports the views.
"""
