"""The workspace's pages and API over a data directory the real pipeline filled."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from importlib import resources

import pytest
from click.testing import CliRunner
from starlette.routing import Route
from starlette.testclient import TestClient
from support.workspace_data import HOSTILE_TEXT, HOSTILE_TITLE, Built

from tracker.cli import cli
from tracker.errors import UsageError
from tracker.model import CHANGE_REPORT_SCHEMA, ChangeReport
from tracker.render.html import REPORT_CSS
from tracker.render.json import report_json
from tracker.store import AnnotationQuery, Index, Judgement
from tracker.web import WebSettings, check_bind
from tracker.web.api import OPENAPI
from tracker.web.dossier import DOSSIER_CSS

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(client: TestClient, path: str = "/") -> str:
    found = CSRF.search(client.get(path).text)
    assert found, "every page with a form carries the CSRF token"
    return found.group(1)


def rows(html: str) -> list[str]:
    return re.findall(r"<tr class=\"(unseen|seen)\">(.*?)</tr>", html, flags=re.S)


# ----------------------------------------------------------------------------- pages


def test_the_watch_list_shows_every_watch_with_its_tags_health_and_unseen_changes(
    client: TestClient, built: Built
) -> None:
    page = client.get("/")
    assert page.status_code == 200
    listed = {
        re.search(r"<td><a href=\"[^\"]*\">([^<]+)</a>", row).group(1): kind
        for kind, row in rows(page.text)
    }
    # names from the watchlist where it names the watch, the URL otherwise
    assert listed == {"knee-clinic": "unseen", "gone-page": "seen", built.hostile_url: "unseen"}
    # the URL under a name, and not twice where the URL is the name
    assert f'<div class="url">{built.hostile_url}</div>' not in page.text
    assert page.text.count('<div class="url">') == 2
    knee = next(row for _, row in rows(page.text) if "knee-clinic" in row)
    assert 'href="/?tag=clinic"' in knee and 'href="/?tag=knee"' in knee
    assert "3 new" in knee  # three changes after the first version, none seen yet
    assert "HTTP 304" in knee and "health-ok" in knee
    gone = next(row for _, row in rows(page.text) if "gone-page" in row)
    assert "health-failing" in gone and "2 in a row" in gone and "HTTP 404" in gone


def test_the_watch_list_filters_by_tag_and_text(client: TestClient) -> None:
    assert len(rows(client.get("/", params={"tag": "knee"}).text)) == 1
    assert len(rows(client.get("/", params={"tag": "clinic"}).text)) == 2
    assert len(rows(client.get("/", params={"q": "GONE"}).text)) == 1
    assert len(rows(client.get("/", params={"q": "no such watch"}).text)) == 0


def test_a_timeline_shows_every_check_and_version_with_digest_and_origin(
    client: TestClient, built: Built, index: Index
) -> None:
    page = client.get("/watch", params={"url": built.demo_url}).text
    for snapshot_id in built.demo_versions:
        row = index.snapshot(snapshot_id)
        assert row is not None and row.body_sha256 in page
        assert f'name="old" value="{snapshot_id}"' in page
    assert page.count('class="origin origin-checked"') == len(built.demo_versions)
    assert "not modified (304)" in page
    assert "3 changes since you last looked" in page
    gone = client.get("/watch", params={"url": built.missing_url}).text
    assert gone.count("outcome-gone") == 2 and "404" in gone


def test_an_unknown_watch_or_version_is_a_404_page(client: TestClient) -> None:
    assert client.get("/watch", params={"url": "https://nowhere.example/"}).status_code == 404
    assert client.get("/changes/999").status_code == 404
    assert client.get("/compare", params={"old": "1", "new": "x"}).status_code == 400


def test_a_change_page_puts_claims_first_and_boilerplate_last_with_its_evidence(
    client: TestClient, built: Built, index: Index
) -> None:
    second = built.demo_versions[1]
    page = client.get(f"/changes/{second}").text
    order = [
        page.find(f'<section id="{name}">')
        for name in ("claims", "references", "dates", "metadata")
    ]
    assert -1 not in order and order == sorted(order)
    assert page.find('<section id="boilerplate">') > order[-1]
    row = index.snapshot(second)
    assert row is not None
    record = index.read_capture(row.warc_file, row.warc_offset, row.warc_length)
    assert record.record_id and record.record_id in page.replace("&lt;", "<").replace("&gt;", ">")
    assert f'href="/captures/{second}"' in page and 'class="side"' in page
    first = client.get(f"/changes/{built.demo_versions[0]}").text
    assert "first version of the article" in first


def test_the_raw_capture_is_served_sandboxed_and_its_record_described(
    client: TestClient, built: Built
) -> None:
    snapshot = built.hostile_versions[0]
    capture = client.get(f"/captures/{snapshot}")
    assert capture.status_code == 200
    assert "&lt;img src=x" in capture.text  # the page exactly as it was served
    policy = capture.headers["content-security-policy"]
    assert policy.startswith("sandbox;") and "default-src 'none'" in policy
    record = client.get(f"/captures/{snapshot}/record").text
    assert "WARC-Type: response" in record and "WARC-Record-ID: <urn:uuid:" in record


def test_comparing_two_versions_gives_what_tracker_diff_gives(
    client: TestClient, built: Built, data_dir: object
) -> None:
    old, new = built.demo_versions[0], built.demo_versions[-1]
    api = client.get("/api/compare", params={"old": old, "new": new}).json()
    result = CliRunner().invoke(
        cli, ["diff", str(old), str(new), "--format", "json", "--data-dir", str(data_dir)]
    )
    assert result.exit_code == 1, result.output
    assert api == json.loads(result.output)
    # either order: the earlier version is the old one
    swapped = client.get("/api/compare", params={"old": new, "new": old}).json()
    assert swapped == api
    page = client.get("/compare", params={"old": old, "new": new}).text
    assert '<section id="claims">' in page and "Version 1 (" in page


def test_comparing_two_versions_shows_the_annotated_changes_between_them(
    client: TestClient, built: Built, index: Index, data_dir: object
) -> None:
    """Like ``tracker diff`` of two stored versions: the researchers' verdicts on the
    changes that led from one to the other come with the report, in the page and the API."""
    first, second, *_, last = built.demo_versions
    index.add_annotation(second, "ana", Judgement(True, "FDA line gone", ("fda",)))
    api = client.get("/api/compare", params={"old": first, "new": last}).json()
    assert [(note["snapshot"], note["note"]) for note in api["annotations"]] == [
        (second, "FDA line gone")
    ]
    result = CliRunner().invoke(
        cli, ["diff", str(first), str(last), "--format", "json", "--data-dir", str(data_dir)]
    )
    assert api == json.loads(result.output)
    page = client.get("/compare", params={"old": first, "new": last}).text
    assert '<ul class="annotations"><b>Annotated</b>' in page and "FDA line gone" in page
    # a change outside the two versions compared is not theirs
    after = client.get("/api/compare", params={"old": second, "new": last}).json()
    assert "annotations" not in after


def test_a_change_page_labels_each_date_by_the_kind_its_page_gives_it(
    client: TestClient, built: Built
) -> None:
    """The demo article shows only an "Updated on" line: the workspace, like the terminal
    and the HTML report, never calls it a publish date."""
    page = client.get(f"/changes/{built.demo_versions[1]}").text
    header = page[page.index('<p class="dates">') :].split("</p>", 1)[0]
    assert "updated 2024-03-03 → 2024-05-20" in header
    assert "published" not in header


def test_a_stored_change_report_is_the_cli_json(
    client: TestClient, built: Built, index: Index
) -> None:
    second = built.demo_versions[1]
    body = client.get(f"/api/changes/{second}").json()
    assert body["schema"] == CHANGE_REPORT_SCHEMA
    stored = index.report_for_snapshot(second)
    assert stored is not None
    assert body == json.loads(json.dumps(report_json(ChangeReport.from_json(stored))))
    assert client.get(f"/api/changes/{built.demo_versions[0]}").status_code == 404


def test_the_api_lists_watches_and_timelines(client: TestClient, built: Built) -> None:
    watches = {w["url"]: w for w in client.get("/api/watches").json()["watches"]}
    knee = watches[built.demo_url]
    assert knee["name"] == "knee-clinic" and knee["tags"] == ["clinic", "knee"]
    assert knee["unseen_changes"] == 3 and knee["health"] == "ok"
    assert knee["last_change"] == built.demo_versions[-1]
    assert watches[built.missing_url]["health"] == "failing"
    line = client.get("/api/timeline", params={"url": built.demo_url}).json()
    assert [v["id"] for v in line["versions"]] == built.demo_versions[::-1]
    assert {v["origin"] for v in line["versions"]} == {"checked"}
    assert [c["outcome"] for c in line["checks"]][:2] == ["unchanged", "changed"]


# ----------------------------------------------------------------------------- writes


def test_an_annotation_from_the_form_is_stored_and_shown(
    client: TestClient, built: Built, index: Index
) -> None:
    change = built.demo_versions[1]
    sent = client.post(
        f"/changes/{change}/annotations",
        data={
            "csrf": csrf_of(client, f"/changes/{change}"),
            "significant": "yes",
            "note": "FDA sentence dropped",
            "tags": "fda, efficacy, fda",
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303
    (stored,) = index.annotations(AnnotationQuery(snapshot_id=change))
    assert (stored.significant, stored.note, stored.tags) == (
        True,
        "FDA sentence dropped",
        ("fda", "efficacy"),
    )
    assert "FDA sentence dropped" in client.get(f"/changes/{change}").text
    listed = client.get("/annotations", params={"tag": "efficacy"}).text
    assert f"/changes/{change}#annotations" in listed
    assert "FDA sentence" not in client.get("/annotations", params={"tag": "other"}).text


def test_annotations_through_the_api(client: TestClient, built: Built) -> None:
    change = built.demo_versions[2]
    sent = client.post(
        f"/api/changes/{change}/annotations",
        json={"significant": False, "note": "wording", "tags": ["style"], "user": "ana"},
    )
    assert sent.status_code == 201
    assert sent.json()["user"] == "ana" and sent.json()["significant"] is False
    listed = client.get(f"/api/changes/{change}/annotations").json()["annotations"]
    assert [a["note"] for a in listed] == ["wording"]
    assert client.get("/api/annotations", params={"tag": "style"}).json()["annotations"] == listed
    bad = client.post(f"/api/changes/{change}/annotations", json={"significant": "maybe"})
    assert bad.status_code == 400
    assert client.post("/api/changes/999/annotations", json={}).status_code == 404


def test_seen_state_is_per_user(client: TestClient, built: Built) -> None:
    latest = built.demo_versions[-1]
    client.post("/seen", data={"csrf": csrf_of(client), "snapshot": str(latest), "next": "/"})
    knee = next(row for _, row in rows(client.get("/").text) if "knee-clinic" in row)
    assert "new</strong>" not in knee
    timeline = client.get("/watch", params={"url": built.demo_url}).text
    assert "Nothing new since you last looked" in timeline and "last seen" in timeline
    # another researcher has still seen nothing
    client.post("/user", data={"csrf": csrf_of(client), "user": "bo", "next": "/"})
    assert client.cookies.get("tracker_user") == "bo"
    knee = next(row for _, row in rows(client.get("/").text) if "knee-clinic" in row)
    assert "3 new" in knee
    # through the API, seen up to the second version leaves two changes unseen
    assert client.post("/api/seen", json={"snapshot": built.demo_versions[1]}).status_code == 200
    watches = client.get("/api/watches", params={"user": "bo"}).json()["watches"]
    assert next(w for w in watches if w["url"] == built.demo_url)["unseen_changes"] == 2


# ----------------------------------------------------------------------------- safety


def test_page_text_stays_text(client: TestClient, built: Built) -> None:
    change = built.hostile_versions[1]
    for path in (f"/changes/{change}", f"/compare?old={built.hostile_versions[0]}&new={change}"):
        page = client.get(path).text
        assert "&lt;script&gt;alert(" in page and "<script" not in page
        assert "&lt;img src=x onerror=" in page and "<img" not in page
    report = client.get(f"/api/changes/{change}").json()
    assert report["new"]["title"].startswith(HOSTILE_TITLE.split(" Knee")[0])
    assert any(
        HOSTILE_TEXT in (c["new"] or "") for c in report["claim_changes"] + report["text_changes"]
    )


def test_every_answer_carries_a_strict_content_security_policy(
    client: TestClient, built: Built
) -> None:
    for path in ("/", f"/changes/{built.demo_versions[1]}", "/api/watches", "/nowhere"):
        answer = client.get(path)
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy
        assert "frame-ancestors 'none'" in policy
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_listening_beyond_loopback_needs_a_token() -> None:
    with pytest.raises(UsageError, match="token"):
        check_bind(WebSettings(host="0.0.0.0"))
    check_bind(WebSettings(host="0.0.0.0", token="s3cret"))
    check_bind(WebSettings(host="::1"))
    result = CliRunner(env={"TRACKER_TOKEN": ""}).invoke(cli, ["serve", "--host", "192.168.1.5"])
    assert result.exit_code == 2 and "without a token" in result.output


def test_with_a_token_every_request_needs_it(
    make_client: Callable[..., TestClient], built: Built
) -> None:
    client = make_client(WebSettings(host="0.0.0.0", token="s3cret"), "http://lab.example")
    assert client.get("/api/watches").status_code == 401
    assert client.get("/").status_code == 401 and "needs its token" in client.get("/").text
    bearer = {"Authorization": "Bearer s3cret"}
    assert client.get("/api/watches", headers=bearer).status_code == 200
    assert client.get("/api/watches", headers={"Authorization": "Bearer nope"}).status_code == 401
    csrf = csrf_of(client, "/login")
    wrong = client.post("/login", data={"csrf": csrf, "token": "nope"}, follow_redirects=False)
    assert wrong.status_code == 401
    right = client.post("/login", data={"csrf": csrf, "token": "s3cret"}, follow_redirects=False)
    assert right.status_code == 303
    assert client.get("/").status_code == 200


def test_without_a_token_only_loopback_host_names_are_answered(
    make_client: Callable[..., TestClient],
) -> None:
    rebound = make_client(WebSettings(), "http://attacker.example:8000")
    assert rebound.get("/api/watches").status_code == 421
    assert make_client(WebSettings(), "http://localhost:8000").get("/").status_code == 200


def test_forms_need_their_csrf_token_and_writes_their_own_origin(
    client: TestClient, built: Built, index: Index
) -> None:
    change = built.demo_versions[1]
    form = {"significant": "yes", "note": "forged", "tags": ""}
    assert client.post(f"/changes/{change}/annotations", data=form).status_code == 403
    forged = client.post(f"/changes/{change}/annotations", data={**form, "csrf": "guess"})
    assert forged.status_code == 403
    cross = client.post(
        f"/changes/{change}/annotations",
        data={**form, "csrf": csrf_of(client)},
        headers={"Origin": "https://attacker.example"},
    )
    assert cross.status_code == 403
    plain = client.post(
        f"/api/changes/{change}/annotations",
        content=json.dumps({"note": "forged"}),
        headers={"Content-Type": "text/plain"},
    )
    assert plain.status_code == 415
    assert index.annotations(AnnotationQuery()) == []


def test_read_only_refuses_every_write(
    make_client: Callable[..., TestClient], built: Built, index: Index
) -> None:
    client = make_client(WebSettings(read_only=True))
    change = built.demo_versions[1]
    page = client.get(f"/changes/{change}").text
    assert "read-only" in page and "Add annotation" not in page
    csrf = client.cookies.get("tracker_csrf")
    for path, data in (
        (f"/changes/{change}/annotations", {"csrf": csrf, "note": "x"}),
        ("/seen", {"csrf": csrf, "snapshot": str(change)}),
        ("/user", {"csrf": csrf, "user": "eve"}),
    ):
        assert client.post(path, data=data).status_code == 405
    assert client.post(f"/api/changes/{change}/annotations", json={"note": "x"}).status_code == 405
    assert client.post("/api/seen", json={"snapshot": change}).status_code == 405
    assert index.annotations(AnnotationQuery()) == [] and index.seen_snapshot("default", 1) is None


# ----------------------------------------------------------------------------- API description


def test_the_openapi_description_names_every_api_route_and_nothing_else(
    client: TestClient,
) -> None:
    served = client.get("/api/openapi.json").json()
    assert served == json.loads(json.dumps(OPENAPI))
    routes = set()
    for route in client.app.routes:  # type: ignore[attr-defined]
        if isinstance(route, Route) and route.path.startswith("/api/"):
            path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
            routes |= {(path, m.lower()) for m in route.methods or () if m != "HEAD"}
    described = {(path, method) for path, item in served["paths"].items() for method in item}
    assert routes == described
    for path, item in served["paths"].items():
        for operation in item.values():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert names == set(re.findall(r"\{(\w+)\}", path))


def test_the_atom_feed_is_served_when_the_data_directory_has_one(
    client: TestClient, data_dir: object
) -> None:
    assert client.get("/feed.atom").status_code == 404
    assert "Atom feed" not in client.get("/").text
    feed = f"{data_dir}/feed.atom"
    with open(feed, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>')
    answer = client.get("/feed.atom")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/atom+xml")
    assert "Atom feed" in client.get("/").text


def test_each_stylesheet_is_served_as_css_and_no_other_static_name(client: TestClient) -> None:
    workspace = (resources.files("tracker.web") / "static" / "workspace.css").read_text("utf-8")
    for name, text in (("workspace", workspace), ("report", REPORT_CSS), ("dossier", DOSSIER_CSS)):
        answer = client.get(f"/static/{name}.css")
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/css")
        assert answer.headers["cache-control"] == "max-age=3600"
        assert answer.text == text
    assert client.get("/static/other.css").status_code == 404


def test_the_watch_lists_activity_kept_per_check_equals_it_recomputed(
    index: Index, data_dir
) -> None:
    import sqlite3

    from tracker.store.workspace import refresh_activity

    kept = index.watch_summaries("default")
    with sqlite3.connect(data_dir / "index.sqlite3") as db:
        for (watch_id,) in db.execute("SELECT id FROM watches").fetchall():
            refresh_activity(db, watch_id)
    assert index.watch_summaries("default") == kept
    assert {summary.failing_checks for summary in kept} == {0, 2}


def test_a_read_only_index_serves_every_page(data_dir, built: Built, listed) -> None:
    from tracker.store import open_index
    from tracker.web import create_app

    with (
        open_index(data_dir, create=False, read_only=True) as index,
        TestClient(
            create_app(index, WebSettings(read_only=True), listed=listed),
            base_url="http://127.0.0.1",
        ) as client,
    ):
        for path in ("/", "/ledger?q=FDA", f"/dossier?url={built.demo_url}", "/annotations"):
            assert client.get(path).status_code == 200, path
        assert client.get("/api/ledger", params={"q": "FDA"}).json()["total"] >= 1


def test_a_long_watch_list_comes_in_pages(client: TestClient, monkeypatch) -> None:
    from tracker.web import pages

    monkeypatch.setattr(pages, "WATCHES_PER_PAGE", 2)
    first = client.get("/")
    assert len(rows(first.text)) == 2 and "page 1 of 2" in first.text
    assert "3 watches" in first.text  # the count is of all of them
    second = client.get("/", params={"page": "2"})
    assert len(rows(second.text)) == 1 and 'href="/?page=1"' in second.text
    assert len(rows(client.get("/", params={"page": "9"}).text)) == 1  # past the end: the last


def test_with_a_base_url_every_link_and_redirect_starts_with_it(
    make_client: Callable[..., TestClient], built: Built, index: Index
) -> None:
    base = "https://newsroom.example/tracker"
    client = make_client(WebSettings(base_url=base))
    old, new = built.demo_versions[1], built.demo_versions[2]
    index.add_annotation(new, "ana", Judgement(True, "n", ("fda",)))
    pages = (
        "/",
        f"/watch?url={built.demo_url}",
        f"/changes/{new}",
        f"/compare?old={old}&new={new}",
        "/ledger?q=FDA",
        "/ledger?works=1",
        "/annotations",
        f"/dossier?url={built.demo_url}",
    )
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200, path
        targets = re.findall(r'(?:href|action|src)="([^"]*)"', page.text)
        assert targets, path
        local = [t for t in targets if not t.startswith((base + "/", "#", "data:"))]
        assert local == [], path
    sent = client.post(
        f"/changes/{new}/annotations",
        data={"csrf": csrf_of(client, f"/changes/{new}"), "note": "again"},
        headers={"origin": "https://newsroom.example"},  # the proxy's origin is ours
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == f"{base}/changes/{new}#annotations"
    foreign = client.post(
        f"/changes/{new}/annotations",
        data={"csrf": csrf_of(client, f"/changes/{new}"), "note": "x"},
        headers={"origin": "https://elsewhere.example"},
    )
    assert foreign.status_code == 403


def test_serve_refuses_a_base_url_that_is_no_web_address(data_dir) -> None:
    args = ["serve", "--data-dir", str(data_dir), "--base-url", "newsroom.example/tracker"]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 2 and "--base-url" in refused.output
