"""Production serving: gunicorn with the app (and so the model and index) loaded before forking."""

from __future__ import annotations

import gc

from gunicorn.app.base import BaseApplication

from .api import create_app
from .config import Settings


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict):
        self._app = app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self):
        return self._app


def run_gunicorn(settings: Settings, engine) -> None:
    """Serve with `settings.workers` sync workers sharing the preloaded engine (copy-on-write)."""
    app = create_app({"SETTINGS": settings, "ENGINE": engine})
    # Production never runs Flask's debug mode, whatever FLASK_DEBUG or a config file says.
    app.debug = False
    app.config.update(DEBUG=False, PROPAGATE_EXCEPTIONS=False, TESTING=False)
    # The engine's objects live as long as the process: out of the collector's sight, a worker's
    # collections stop walking them (a full one took ~48 ms, a young one up to 1-3 ms) and stop
    # writing to their pages, which then stay shared with the master (the gc.freeze docs' advice).
    gc.collect()
    gc.freeze()
    _Gunicorn(
        app,
        {
            "bind": f"{settings.host}:{settings.port}",
            "workers": settings.workers,
            "preload_app": True,
            "loglevel": settings.log_level,
            "accesslog": None,  # the app writes structured JSON access lines itself
            "timeout": 60,
            "graceful_timeout": 10,
        },
    ).run()
