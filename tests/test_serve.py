"""`kb serve` (issue 24): the knowledge base read-only in a browser, through Datasette, on the seed plus the
plan-history fixture (a made-up company's three US plants; tests/fixtures/plan-history), as it stands today.

The browser test drives a real Chromium (Debian's, through Playwright) and keeps a screenshot of each step
in $KB_TEST_ARTEFACTS (else the test's temporary folder), named in the test output. Without Chromium or
Playwright it is skipped with the reason; under CI (CI=true) it fails instead, since CI installs both.
Expected values are worked out by hand from the claim files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, git

FIXTURE = REPO / "tests/fixtures/plan-history"
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Planned periods that ended in 2024 or before with nothing superseding them (Ohio's link to its opening is
# one the fixture leaves out): overdue on any day the test can run. Plans due later join them as their
# periods end, so the page is also held to `kb due` run at the same time.
OVERDUE_SINCE_2025 = {"bve-ohio-production-2023-h1", "lges-tesla-4680-production-this-year", "tesla-4680-ramp-up-2024"}


def _kb_command() -> list[str]:
    installed = Path(sys.executable).with_name("kb")
    return [str(installed)] if installed.exists() else [sys.executable, str(REPO / "cli.py")]


def seed_plus_plans(root: Path) -> Path:
    """The repository's seed (claims/, sources/) with the plan-history fixture's claims, sources and registry
    entries added, committed to a git repository of its own."""
    shutil.copytree(REPO / "claims", root / "claims")
    shutil.copytree(REPO / "sources", root / "sources")
    for folder in ("arizona", "ohio", "georgia"):
        shutil.copytree(FIXTURE / "claims" / folder, root / "claims" / folder)
    for source in (FIXTURE / "sources").iterdir():
        shutil.copy(source, root / "sources" / source.name)
    for name in ("companies", "people", "factories", "sources"):
        registry = root / f"claims/registry/{name}.yaml"
        registry.write_text(registry.read_text(encoding="utf-8") + "\n"
                            + (FIXTURE / f"claims/registry/{name}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "seed")
    return root


def snapshot(root: Path) -> tuple[str, dict[str, str]]:
    """git status, and the hash of every file of the knowledge base outside kb's cache (.kb-cache/)."""
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True,
                            text=True, check=True).stdout
    hashes = {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.relative_to(root).parts[:1]
              and ".kb-cache" not in p.relative_to(root).parts[:1]}
    return status, hashes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, method: str = "GET") -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, data=b"sql=delete+from+claims" if method == "POST" else None)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`kb serve` on a free loopback port; yields (address, root, the knowledge base's snapshot before)."""
    pytest.importorskip("datasette", reason="kb serve needs the web extra: pip install '.[web]'")
    root = seed_plus_plans(tmp_path_factory.mktemp("serve") / "kb")
    before = snapshot(root)
    port = free_port()
    process = subprocess.Popen([*_kb_command(), "serve", "--port", str(port)], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "KB_ROOT": str(root)})
    try:
        line = process.stdout.readline()  # printed once the export is ready and the port is taken
        assert line == f"Serving the knowledge base read-only at http://127.0.0.1:{port}/ (Ctrl-C stops it)\n", \
            (line, process.stderr.read() if process.poll() is not None else "")
        address = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if get(address + "/-/versions.json")[0] == 200:
                    break
            except OSError:
                time.sleep(0.05)
        yield address, root, before, process
    finally:
        if process.poll() is None:
            process.send_signal(2)  # Ctrl-C
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")  # module-scoped like `served`, and named before it: it runs first
def browser_or_skip():
    """Playwright's Chromium, driving Debian's; skipped (failed under CI) when either is missing, before any
    server is started."""
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "Playwright is missing: pip install '.[test]'"
        sync_playwright = None
    if reason is None and not os.access(CHROMIUM, os.X_OK):
        reason = f"no Chromium at {CHROMIUM}: apt-get install chromium (or set KB_CHROMIUM)"
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the browser test must run under CI: {reason}")
        pytest.skip(reason)
    return sync_playwright


def test_a_reader_finds_claims_plans_and_charts_in_a_browser(browser_or_skip, served, tmp_path, capsys):
    sync_playwright = browser_or_skip
    address, root, before, _ = served
    shots = Path(os.environ.get("KB_TEST_ARTEFACTS") or tmp_path) / "serve-screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    taken: list[Path] = []
    profile = tmp_path / "chromium-profile"
    profile.mkdir()

    def shot(page, name: str) -> None:
        taken.append(shots / f"{len(taken) + 1:02d}-{name}.png")
        page.screenshot(path=str(taken[-1]))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS[1:],
            viewport={"width": 1280, "height": 900})
        try:
            page = browser.new_page()
            page.set_default_timeout(5000)
            # the home page says what the knowledge base holds
            page.goto(address + "/")
            body = page.inner_text("body")
            assert "21 claims from 11 sources, about 3 companies, 6 factories and 3 people; 7 plans." in body
            assert "Said from 2021-09-14 to 2025-07-02; due from 2023-01-01 to 2026-12-31." in body
            shot(page, "home")
            # search the claims (and their quotes)
            page.click("p a:text-is('claims')")
            page.wait_for_url("**/kb/claims")
            page.fill("input[name=_search]", "mass production")
            page.press("input[name=_search]", "Enter")
            page.wait_for_url("**_search=mass+production**")
            assert 'where search matches "mass production"' in page.inner_text("h3")
            found = page.locator("table.rows-and-columns tbody tr td.col-id").all_inner_texts()
            assert sorted(found) == ["bve-arizona-mass-production-2024-h2", "bve-ohio-mass-production-started",
                                     "lges-4680-ochang-mass-production"]
            # companies by name (Datasette's label column), the id beside
            assert "LG Energy Solution\xa0lges" in page.locator("td.col-company").all_inner_texts()
            shot(page, "search")
            # a claim: its source's title and date beside the quote
            page.click("a:text-is('lges-4680-ochang-mass-production')")
            page.wait_for_url("**/kb/claims/lges-4680-ochang-mass-production")
            row = page.inner_text("table.rows-and-columns")
            assert "Powering the Future: LG Energy Solution’s Role in Tesla’s 4680 Battery Production" in row
            assert "LGES intends to start 4680 mass production at its Ochang factory" in row
            assert "planned" in row and "4680" in row
            page.set_viewport_size({"width": 2600, "height": 900})  # the whole row, quote included
            shot(page, "claim")
            page.set_viewport_size({"width": 1280, "height": 900})
            # the overdue plans today: those `kb due` lists
            page.goto(address + "/")
            page.click("p a:text-is('overdue plans')")
            page.wait_for_url("**/kb/overdue_plans")
            assert page.locator("h1").inner_text() == "Overdue plans"
            shown = page.locator("td.col-id").all_inner_texts()
            due = subprocess.run([*_kb_command(), "due", "--format", "ids"], cwd=root, capture_output=True, text=True,
                                 env={**os.environ, "KB_ROOT": str(root)})
            assert OVERDUE_SINCE_2025 <= set(shown) and sorted(shown) == sorted(due.stdout.split()), (shown, due)
            shot(page, "overdue")
            # a company's plan histories with its schedule-slip chart beside them
            page.goto(address + "/kb/plans_brightvolt")
            chart = page.locator("img[src='/charts/brightvolt.svg']")
            chart.wait_for()
            page.wait_for_function("document.querySelector(\"img[src='/charts/brightvolt.svg']\").complete")
            assert chart.evaluate("img => img.naturalWidth") > 0
            slips = page.locator("td.col-slip").all_inner_texts()
            assert "+12m" in slips and "-7m (start +2m)" in slips
            assert "cancelled" in page.locator("td.col-outcome").all_inner_texts()
            shot(page, "plan-histories")
            # facet by company: a company's claims, by name
            page.goto(address + "/kb/claims")
            page.locator(".facet-info[data-column=company] a", has_text="Brightvolt Energy").click()
            page.wait_for_url("**company=brightvolt**")
            assert page.locator("h3").first.inner_text().startswith('11 rows where company = "brightvolt"')
            assert set(page.locator("td.col-company").all_inner_texts()) == {"Brightvolt Energy\xa0brightvolt"}  # name, then id
            shot(page, "facet-company")
        finally:
            browser.close()
    with capsys.disabled():  # in the test output, passed or not
        print(f"\nkb serve screenshots: {', '.join(str(p) for p in taken)}")
    assert all(p.stat().st_size > 0 for p in taken) and len(taken) == 6
    assert snapshot(root) == before  # nothing in the knowledge base changed


def test_writes_are_refused_and_nothing_changes(served):
    address, root, before, _ = served
    status, _ = get(address + "/kb?sql=delete+from+claims", method="POST")
    assert status in (403, 405)
    status, text = get(address + "/kb.json?sql=delete+from+claims")
    assert status == 400 and "Statement must be a SELECT" in text
    status, text = get(address + "/kb.json?sql=" + urllib.request.quote("update claims set claim = 'x'"))
    assert status == 400
    for path in ("/kb.db", "/charts/../kb.sqlite", "/charts/%2e%2e/kb.sqlite", "/charts/../../claims/registry/"
                 "companies.yaml", "/-/static/../../../../etc/passwd"):
        assert get(address + path)[0] in (403, 404), path
    status, text = get(address + "/kb.json?_shape=array&sql=select+count(*)+as+n+from+claims")
    assert (status, json.loads(text)) == (200, [{"n": 21}])  # still every claim
    assert get(address + "/-/plugins.json")[1] == "[]"  # no plugin but Datasette's own
    assert snapshot(root) == before


def test_the_export_is_reused_while_the_index_has_not_changed(served):
    _, root, _, _ = served
    kb = [*_kb_command(), "serve", "--build-only"]
    first = subprocess.run(kb, cwd=root, capture_output=True, text=True, env={**os.environ, "KB_ROOT": str(root)})
    assert first.returncode == 0 and "; reused .kb-cache/serve/build-" in first.stderr, first.stderr
    database = Path(first.stdout.strip())
    # --as-of: the knowledge base as it stood then, as every command reads it: the seed's claims, said on no
    # known date, are left out (and counted), the fixture's 11 claims, all said by mid-2025, are served
    past = subprocess.run([*kb, "--as-of", "2026-01-15"], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "KB_ROOT": str(root)})
    assert past.returncode == 0 and past.stderr.startswith(
        "kb: note: 10 claim(s) with no said date and no dated source left out"), past.stderr
    assert "kb serve: 11 claim(s), as of 2026-01-15; built" in past.stderr
    assert Path(past.stdout.strip()) != database
    assert database.parent.parent == root / ".kb-cache/serve"
    claim = root / "claims/ohio/bve-ohio-production-2023-h1.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("first half of 2023", "first half of 2023 (edited)"),
                     encoding="utf-8")
    second = subprocess.run(kb, cwd=root, capture_output=True, text=True, env={**os.environ, "KB_ROOT": str(root)})
    assert second.returncode == 0 and "; built .kb-cache/serve/build-" in second.stderr, second.stderr
    assert Path(second.stdout.strip()) != database
    assert subprocess.run(["git", "-C", str(root), "check-ignore", "-q", ".kb-cache/serve/current"]).returncode == 0
    subprocess.run(["git", "-C", str(root), "checkout", "-q", "--", "claims"], check=True)


def test_ctrl_c_stops_the_server_cleanly(served):
    address, _, _, process = served
    process.send_signal(2)
    assert process.wait(timeout=10) == 0
    assert process.stderr.read().endswith("kb serve: stopped\n")
    with pytest.raises(OSError):
        urllib.request.urlopen(address + "/", timeout=2)
