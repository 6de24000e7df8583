"""The application for production WSGI servers: ``gunicorn 'server.wsgi:app'``.

Start-up leaves some 180,000 objects (routes, schemas, mappers) that live as long as the
process. Python's full collections traversed them all, 80–140 ms on a 2-core machine, in
whichever request happened to trigger one: every few dozen batches of events. ``gc.freeze()``
takes them out of the collector's sight; garbage made afterwards is collected as before.
"""

from __future__ import annotations

import gc

from sqlalchemy.orm import configure_mappers

from server import create_app

app = create_app()
configure_mappers()  # otherwise done by the first query, after the freeze
gc.collect()  # what start-up left as garbage is not kept forever
gc.freeze()
