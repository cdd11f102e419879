#!/usr/bin/env python3
"""Open a CrisisLab report in headless Chromium and check it the way a reader's browser would.

Drives Chromium over the DevTools protocol (no Selenium): loads index.html from a file URL, then
fails (exit 1) if the page logs a console error, throws, fails to load a resource, opens a dialog
(an executed alert()), contains any <script> element, shows fewer charts than --min-charts that
actually decoded, or does not show --expect-text literally (i.e. HTML-escaped in the source).
Writes a full-page screenshot and checks it is not blank (the charts' colours are present).

With --first-screen it instead looks at what a reader sees first, a 1400x900 window: it fails unless
the summary section's incident rows (#summary table.glance) and their response figures (the
holding-statement and first-public-answer cells, in days/hours/minutes) lie wholly inside that
window, and the screenshot is that window alone (for docs/report-first-screen.png).

Usage: browser_check.py INDEX_HTML --screenshot OUT.png [--expect-text TEXT] [--min-charts N] [--first-screen]
"""
import argparse
import base64
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket  # websocket-client
from PIL import Image


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cdp:
    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def drain(self, seconds):
        end = time.time() + seconds
        self.ws.settimeout(0.2)
        while time.time() < end:
            try:
                msg = json.loads(self.ws.recv())
                if "method" in msg:
                    self.events.append(msg)
            except websocket.WebSocketTimeoutException:
                pass
        self.ws.settimeout(60)


FIRST_W, FIRST_H = 1400, 900
# a response figure: "5h37m", "2d09h", "45m" (p50 / p90 with interval and SLA), or why there is none
FIGURE = re.compile(r"\d+(d\d\dh|h\d\dm|m)|not simulated")


def first_screen_problems(js):
    """What is missing from the first 1400x900 screen: the summary's incident rows and response figures."""
    rows = js("""(() => {
        const view = {w: window.innerWidth, h: window.innerHeight};
        const inside = el => { const r = el.getBoundingClientRect();
            return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= view.h && r.right <= view.w; };
        const heads = Array.from(document.querySelectorAll('#summary table.glance thead th')).map(t => t.textContent);
        const col = name => heads.findIndex(h => h.startsWith(name));
        return {view: view, heads: heads,
                rows: Array.from(document.querySelectorAll('#summary table.glance tbody tr')).map(tr => {
                    const cells = Array.from(tr.children);
                    const fig = i => i < 0 || !cells[i] ? null : {text: cells[i].innerText, inside: inside(cells[i])};
                    return {text: tr.innerText, inside: inside(tr), holding: fig(col('holding statement')),
                            answer: fig(col('first public answer'))};
                })};
    })()""")
    problems = []
    if rows["view"]["w"] != FIRST_W or rows["view"]["h"] != FIRST_H:
        problems.append(f"first screen is {rows['view']['w']}x{rows['view']['h']}, expected {FIRST_W}x{FIRST_H}")
    if not rows["rows"]:
        problems.append("first screen: no incident rows in #summary table.glance")
    for i, r in enumerate(rows["rows"], 1):
        label = r["text"].split("\t")[0]
        if not r["inside"]:
            problems.append(f"first screen: incident row {i} ({label}) is not wholly inside {FIRST_W}x{FIRST_H}")
        for name in ("holding", "answer"):
            cell = r[name]
            if cell is None:
                problems.append(f"first screen: incident row {i} has no {name} column")
            elif not cell["inside"] or not FIGURE.search(cell["text"]):
                problems.append(f"first screen: incident row {i} {name} figure {cell['text']!r} not shown in the first screen")
    print(f"  first screen {FIRST_W}x{FIRST_H}: {len(rows['rows'])} incident row(s); columns {rows['heads']}")
    for r in rows["rows"]:
        print("    " + " | ".join(r["text"].split("\t")))
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("index")
    ap.add_argument("--screenshot", required=True)
    ap.add_argument("--expect-text", action="append", default=[])
    ap.add_argument("--min-charts", type=int, default=1)
    ap.add_argument("--first-screen", action="store_true",
                    help="check the summary rows are inside the first 1400x900 screen; screenshot that screen only")
    ap.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    args = ap.parse_args()

    index = os.path.abspath(args.index)
    if not os.path.isfile(index):
        sys.exit(f"browser_check: {index}: no such file")
    port = free_port()
    profile = tempfile.mkdtemp(prefix="crisislab-chromium-")
    proc = subprocess.Popen([args.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--disable-extensions", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                             f"--remote-debugging-port={port}", "--remote-allow-origins=*",
                             "--window-size=1400,900" if args.first_screen else "--window-size=1280,900", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    problems = []
    try:
        ws_url = None
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as r:
                    pages = [t for t in json.load(r) if t.get("type") == "page"]
                if pages:
                    ws_url = pages[0]["webSocketDebuggerUrl"]
                    break
            except OSError:
                pass
            time.sleep(0.2)
        if ws_url is None:
            sys.exit("browser_check: chromium did not start its DevTools endpoint")
        cdp = Cdp(ws_url)
        for domain in ("Runtime", "Log", "Page", "Network"):
            cdp.call(f"{domain}.enable")
        if args.first_screen:
            cdp.call("Emulation.setDeviceMetricsOverride", width=FIRST_W, height=FIRST_H, deviceScaleFactor=1, mobile=False)
        cdp.call("Page.navigate", url="file://" + index)
        # wait for the load event, then let late console messages arrive
        deadline = time.time() + 60
        while time.time() < deadline and not any(e["method"] == "Page.loadEventFired" for e in cdp.events):
            cdp.drain(0.5)
        cdp.drain(1.0)
        if not any(e["method"] == "Page.loadEventFired" for e in cdp.events):
            problems.append("page did not finish loading within 60 s")

        def js(expr):
            res = cdp.call("Runtime.evaluate", expression=expr, returnByValue=True)
            return res.get("result", {}).get("value")

        info = js("""(() => {
            const imgs = Array.from(document.querySelectorAll('img.chart'));
            return {scripts: document.querySelectorAll('script').length,
                    charts: imgs.length,
                    decoded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
                    sections: Array.from(document.querySelectorAll('section h2')).map(h => h.textContent),
                    text: document.body.innerText,
                    width: document.documentElement.scrollWidth,
                    height: document.documentElement.scrollHeight};
        })()""")
        for e in cdp.events:
            m, p = e["method"], e.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                problems.append("console error: " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif m == "Runtime.exceptionThrown":
                problems.append("uncaught exception: " + p.get("exceptionDetails", {}).get("text", ""))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                problems.append("browser error: " + p["entry"].get("text", ""))
            elif m == "Network.loadingFailed":
                problems.append("resource failed to load: " + p.get("errorText", ""))
            elif m == "Network.requestWillBeSent":
                url = p.get("request", {}).get("url", "")
                if url.startswith("http://") or url.startswith("https://"):
                    problems.append("network request (the page must be self-contained): " + url)
            elif m == "Page.javascriptDialogOpening":
                problems.append("a dialog opened (script executed): " + p.get("message", ""))
        if info["scripts"]:
            problems.append(f"{info['scripts']} <script> element(s) in the page")
        if info["decoded"] < args.min_charts:
            problems.append(f"only {info['decoded']} of {info['charts']} charts decoded; expected at least {args.min_charts}")
        for t in args.expect_text:
            if t not in info["text"]:
                problems.append(f"expected text not shown literally: {t!r}")

        if args.first_screen:
            problems.extend(first_screen_problems(js))
            shot = cdp.call("Page.captureScreenshot", format="png",
                            clip={"x": 0, "y": 0, "width": FIRST_W, "height": FIRST_H, "scale": 1})
        else:  # full-page screenshot
            height = min(int(info["height"]), 16000)
            cdp.call("Emulation.setDeviceMetricsOverride", width=1280, height=height, deviceScaleFactor=1, mobile=False)
            shot = cdp.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        data = base64.b64decode(shot["data"])
        with open(args.screenshot, "wb") as f:
            f.write(data)
        img = Image.open(io.BytesIO(data)).convert("RGB")
        small = img.resize((max(1, img.width // 4), max(1, img.height // 4)))
        colours = small.getcolors(maxcolors=1 << 20) or []
        # chart lines/bars use the palette's navy (#1d3557) and red (#e63946); count pixels near them
        def near(c, ref, tol=40):
            return all(abs(a - b) <= tol for a, b in zip(c, ref))
        navy = sum(n for n, c in colours if near(c, (0x1d, 0x35, 0x57)))
        red = sum(n for n, c in colours if near(c, (0xe6, 0x39, 0x46)))
        if len(colours) < 50 or (navy == 0 and not args.first_screen):
            problems.append(f"screenshot looks blank ({len(colours)} colours, {navy} chart-navy pixels)")
        print(f"browser_check: {index}")
        print(f"  sections: {', '.join(info['sections'])}")
        print(f"  charts decoded: {info['decoded']}/{info['charts']}; script elements: {info['scripts']}")
        print(f"  screenshot: {args.screenshot} ({img.width}x{img.height}, {len(colours)} colours, "
              f"{navy} navy / {red} red chart pixels at 1/4 scale)")
        for t in args.expect_text:
            print(f"  shown escaped: {t!r}: {'yes' if t in info['text'] else 'NO'}")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
    if problems:
        for p in problems:
            print("  PROBLEM: " + p)
        sys.exit(1)
    print("  ok: no console errors, no script executed, charts shown")


if __name__ == "__main__":
    main()
