"""Start the infrascope chat in the browser: `python app.py` serves http://127.0.0.1:7860.

Settings come from INFRASCOPE_* environment variables (HOST, PORT, AUTH, CORPUS_DIR, INDEX_DIR, ...)
and these flags. Listening beyond loopback needs --auth USER:PASS or an explicit --no-auth.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", help="interface to listen on [INFRASCOPE_HOST; default 127.0.0.1]")
    p.add_argument("--port", type=int, help="port [INFRASCOPE_PORT; default 7860]")
    p.add_argument("--auth", help="USER:PASS required to open the app [INFRASCOPE_AUTH]")
    p.add_argument("--no-auth", action="store_true", help="allow a non-loopback host without a password")
    p.add_argument("--corpus", type=Path, help="corpus folder [INFRASCOPE_CORPUS_DIR; default corpus/]")
    p.add_argument("--index", type=Path, help="index folder [INFRASCOPE_INDEX_DIR; default index/]")
    args = p.parse_args(argv)
    # before anything imports gradio: no usage analytics, no Hub lookups
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from infrascope.config import Settings
    from infrascope.ui_state import exposure_problem, parse_auth

    settings = Settings()
    for field, value in (("host", args.host), ("port", args.port), ("corpus_dir", args.corpus),
                         ("index_dir", args.index)):
        if value is not None:
            setattr(settings, field, value)
    try:
        auth = parse_auth(args.auth or (settings.auth.get_secret_value() if settings.auth else None))
    except ValueError as exc:
        p.error(str(exc))
    if problem := exposure_problem(settings.host, auth, args.no_auth):
        p.error(problem)

    from infrascope import ui
    from infrascope.assistant import Assistant

    ui.launch(Assistant.from_settings(settings), host=settings.host, port=settings.port, auth=auth)
    return 0


if __name__ == "__main__":
    sys.exit(main())
