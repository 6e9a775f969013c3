"""The serve command: the research workspace in a browser."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.options import data_dir_option


@click.command("serve")
@click.argument("watchlists", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@data_dir_option
@click.option(
    "--read-only",
    is_flag=True,
    help="Refuse every write; the index is opened read-only (no upgrade, no recovery).",
)
@click.option(
    "--token",
    envvar="TRACKER_TOKEN",
    default=None,
    help="Required of every request (env TRACKER_TOKEN); needed to listen beyond loopback.",
)
@click.option(
    "--base-url",
    default=None,
    help="The address the workspace is reached at (behind a proxy, under a path):"
    " every link and redirect it writes starts with it.",
)
def serve_command(
    watchlists: tuple[Path, ...],
    host: str,
    port: int,
    data_dir: Path,
    read_only: bool,
    token: str | None,
    base_url: str | None,
) -> None:
    """Browse watches, timelines, changes and annotations in a web browser.

    Serves the data directory on http://127.0.0.1:8000/ with a JSON API under
    /api/ (described at /api/openapi.json). Names and tags of watches come from
    the WATCHLISTS given, else from seeds/*.toml when there are any.

    Listening on any address other than loopback needs a token, which every
    request must then carry (the browser asks for it once).

    \b
    Examples:
        tracker serve
        tracker serve --data-dir demo-data --read-only
        tracker serve --base-url https://newsroom.example/tracker
        TRACKER_TOKEN=$(openssl rand -hex 16) tracker serve --host 0.0.0.0
    """
    import uvicorn

    from tracker.daemon import default_watchlists
    from tracker.links import checked_base_url
    from tracker.store import open_index
    from tracker.web import WebSettings, check_bind, create_app
    from tracker.web.data import listed_watches

    settings = WebSettings(
        host=host,
        port=port,
        token=token or None,
        read_only=read_only,
        base_url=checked_base_url(base_url) if base_url is not None else "",
    )
    check_bind(settings)
    listed = listed_watches(watchlists or default_watchlists())
    # Read-only: the index opened as SQLite mode=ro, no upgrade, no recovery, no write.
    with open_index(data_dir, create=False, read_only=read_only) as index:
        app = create_app(index, settings, listed=listed)
        shown = f"[{host}]" if ":" in host else host
        click.echo(
            f"tracker workspace on http://{shown}:{port}/ for {data_dir}"
            + (" (read-only)" if read_only else "")
            + (f", linked as {settings.base_url}/" if settings.base_url else "")
            + " — Ctrl-C stops it",
            err=True,
        )
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


COMMANDS = [serve_command]
