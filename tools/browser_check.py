#!/usr/bin/env python3
"""Open a CrisisLab report in headless Chromium and check it the way a reader's browser would.

Drives Chromium over the DevTools protocol (no Selenium): loads index.html from a file URL, then
fails (exit 1) if the page logs a console error, throws, fails to load a resource, opens a dialog
(an executed alert()), contains any <script> element, shows fewer charts than --min-charts that
actually decoded, or does not show --expect-text literally (i.e. HTML-escaped in the source).
Writes a full-page screenshot and checks it is not blank (the charts' colours are present).

Usage: browser_check.py INDEX_HTML --screenshot OUT.png [--expect-text TEXT] [--min-charts N]
"""
import argparse
import base64
import io
import json
import os
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("index")
    ap.add_argument("--screenshot", required=True)
    ap.add_argument("--expect-text", action="append", default=[])
    ap.add_argument("--min-charts", type=int, default=1)
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
                             "--window-size=1280,900", "about:blank"],
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

        # full-page screenshot
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
        if len(colours) < 50 or navy == 0:
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
