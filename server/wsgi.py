"""The application for production WSGI servers: ``gunicorn 'server.wsgi:app'``, its start-up
objects frozen out of the garbage collector's sight (``freeze_start_up``)."""

from __future__ import annotations

from server import create_app, freeze_start_up

app = create_app()
freeze_start_up()
