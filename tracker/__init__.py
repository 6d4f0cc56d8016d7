"""Magnesium Tracker: a Flask app for logging dietary and supplemental magnesium."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from tracker import (
    auth,
    errors,
    files,
    foods,
    mail,
    pages,
    security,
    summaries,
    undo,
    web,
)
from tracker.account_data import views as account_data
from tracker.cli import register_commands
from tracker.config import load_config
from tracker.diary import views as diary
from tracker.exports import views as exports
from tracker.extensions import csrf, db, login_manager, migrate, tune_sqlite
from tracker.recipes import views as recipes
from tracker.regimens import views as regimens
from tracker.reports import views as reports
from tracker.sharing import views as sharing
from tracker.supplements import views as supplements

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the app: config, instance folder, extensions, blueprints, CLI."""
    instance_path = os.environ.get("TRACKER_INSTANCE_PATH") or None
    app = security.HostCheckingFlask(
        __name__, instance_relative_config=True, instance_path=instance_path
    )
    files.private_folder(Path(app.instance_path))

    app.config.from_mapping(load_config(Path(app.instance_path)))
    if test_config is not None:
        app.config.from_mapping(test_config)

    db.init_app(app)
    with app.app_context():
        files.prepare_sqlite_file(db.engine)
        tune_sqlite(db.engine)
        files.check_private_files(app.logger, Path(app.instance_path), db.engine)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    csrf.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    mail.init_app(app)

    web.init_app(app)
    errors.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(foods.bp)
    app.register_blueprint(diary.bp)
    app.register_blueprint(supplements.bp)
    app.register_blueprint(regimens.bp)
    app.register_blueprint(summaries.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(sharing.bp)
    app.register_blueprint(account_data.bp)
    app.register_blueprint(undo.bp)
    app.register_blueprint(recipes.bp)
    register_commands(app)
    return app
