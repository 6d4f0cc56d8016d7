"""Supplements and magnesium-containing medicines, medicine doses to space from magnesium.

The blueprint is tracker.supplements.views.bp; the package itself imports nothing (see
tracker.diary), and create_app imports the views.
"""
