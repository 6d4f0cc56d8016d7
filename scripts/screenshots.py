"""Take the README's screenshots from the demo account, so they always show the current app.

    python scripts/screenshots.py            # docs/screenshots/*.png
    python scripts/screenshots.py --all --output test-artifacts/review
                                             # every page, desktop, phone and dark, to look at

The app runs on a temporary database (migrations, the USDA foods, `flask demo`) on a loopback
port; Debian's Chromium (TRACKER_CHROMIUM, default /usr/bin/chromium) takes the pictures
through Playwright, and the first page of the PDF report is drawn by pdftoppm (poppler-utils).
PNGs are reduced to a 256-colour palette with Pillow, which keeps them small and sharp.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "screenshots"
DEMO_PASSWORD = "screenshots-demo-password"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# The README's pictures: (file name, path, look, full page?).
README_SHOTS = [
    ("day-desktop", "/", DESKTOP, False),
    ("day-phone", "/", PHONE, False),
    # Last week: seven logged days, the bisphosphonate and its one timing caution.
    ("week-desktop", "/week/{last_week}", DESKTOP, False),
    ("week-phone", "/week/{last_week}", PHONE, False),
]
# --all: every page a logged-in user can open, at each look.
REVIEW_PATHS = [
    "/",
    "/day/{conflict_day}",
    "/week",
    "/month",
    "/profile",
    "/foods/mine",
    "/supplements",
    "/export",
    "/export/report",
    "/account/data",
    "/guidance",
    "/foods/rich",
    "/about",
    "/no-such-page",
]
REVIEW_LOOKS = {
    "desktop": DESKTOP,
    "phone": PHONE,
    "dark": {**DESKTOP, "color_scheme": "dark"},
}


@contextmanager
def demo_server() -> Iterator[str]:
    """Serve the app with a fresh demo account on a temporary database; yield its base URL."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, code="-", size="-") -> None:
            pass

    with tempfile.TemporaryDirectory(prefix="tracker-screenshots-") as instance:
        os.environ["TRACKER_INSTANCE_PATH"] = instance
        os.environ.pop("TRACKER_DATABASE_URL", None)
        from flask_migrate import upgrade

        from tracker import create_app
        from tracker.demo import create_demo_account
        from tracker.foods.operations import load_usda_foods

        app = create_app({"RATE_LIMITS_ENABLED": False})
        with app.app_context():
            upgrade()
            load_usda_foods()
            create_demo_account(reset=True, password=DEMO_PASSWORD)
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            server.server_close()


def demo_today() -> date:
    """Today where the demo account lives (its four weeks end then)."""
    from tracker.demo import DEMO_TIMEZONE

    return datetime.now(ZoneInfo(DEMO_TIMEZONE)).date()


def shrink_png(path: Path) -> None:
    """Reduce a screenshot to a 256-colour palette PNG (UI pictures lose nothing visible)."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def logged_in_state(browser, base_url: str) -> dict:
    from tracker.demo import DEMO_EMAIL

    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")
    state = context.storage_state()
    context.close()
    return state


def shoot(browser, base_url: str, state: dict, path: str, look: dict, target: Path, full: bool):
    context = browser.new_context(base_url=base_url, storage_state=state, **look)
    page = context.new_page()
    page.goto(path)
    page.screenshot(path=str(target), full_page=full)
    context.close()
    shrink_png(target)


def pdf_first_page(base_url: str, state: dict, browser, target: Path) -> bool:
    """Download the PDF report with the demo's login and draw its first page; False if absent."""
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found (apt-get install poppler-utils): no PDF screenshot")
        return False
    context = browser.new_context(base_url=base_url, storage_state=state)
    response = context.request.get("/export/report.pdf")
    body = response.body() if response.ok else b""
    context.close()
    if not body.startswith(b"%PDF"):
        print(f"/export/report.pdf answered {response.status}: no PDF screenshot")
        return False
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "report.pdf"
        pdf.write_bytes(body)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(Path(folder) / "page")],
            check=True,
        )  # fmt: skip
        shutil.copyfile(Path(folder) / "page.png", target)
    shrink_png(target)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--all", action="store_true", help="every page, for a person to review")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tracker.demo import CONFLICT_DAY

    args.output.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which(os.environ.get("TRACKER_CHROMIUM") or "/usr/bin/chromium")
    if chromium is None:
        print("Chromium not found (apt-get install chromium, or set TRACKER_CHROMIUM)")
        return 1
    with demo_server() as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        state = logged_in_state(browser, base_url)
        if args.all:
            conflict_day = demo_today() - timedelta(days=CONFLICT_DAY)
            for path in REVIEW_PATHS:
                url = path.format(conflict_day=conflict_day.isoformat())
                name = path.strip("/").replace("/", "-").split("{")[0].strip("-") or "today"
                for look_name, look in REVIEW_LOOKS.items():
                    target = args.output / f"{name}-{look_name}.png"
                    shoot(browser, base_url, state, url, look, target, full=True)
        else:
            last_week = (demo_today() - timedelta(days=7)).isoformat()
            for name, path, look, full in README_SHOTS:
                url = path.format(last_week=last_week)
                shoot(browser, base_url, state, url, look, args.output / f"{name}.png", full)
        pdf_first_page(base_url, state, browser, args.output / "report-page-1.png")
        browser.close()
    for picture in sorted(args.output.glob("*.png")):
        print(f"{picture.relative_to(ROOT) if picture.is_relative_to(ROOT) else picture}: "
              f"{picture.stat().st_size // 1024} KB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
