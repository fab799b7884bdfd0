"""Issue 17 §3 (part): the letter preview opens inside a 1366x768 and a 1024x700 screen, with
Print, Save and Close on the screen. Each size runs in a child process whose offscreen screen
has exactly that size (Qt's offscreen platform reads the screens from a JSON file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = r"""
import io, json, sys
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QPushButton
from reportlab.pdfgen.canvas import Canvas

app = QApplication([])
out = io.BytesIO()
canvas = Canvas(out)
canvas.drawString(72, 720, "A letter")
canvas.save()
from ppdesk.gui.letters import LetterPreviewDialog

dialog = LetterPreviewDialog(out.getvalue(), "Letter", lambda _p: None)
dialog.show()
app.processEvents()
screen = app.primaryScreen().availableGeometry()
report = {"screen": [screen.width(), screen.height()], "window": [], "outside": []}
frame = dialog.frameGeometry()
report["window"] = [frame.x(), frame.y(), frame.width(), frame.height()]
for button in dialog.findChildren(QPushButton):
    if button.isVisible():
        rect = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
        if not screen.contains(rect):
            report["outside"].append(button.text())
print(json.dumps(report))
"""


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
def test_the_letter_preview_fits_the_screen(tmp_path: Path, size: tuple[int, int]) -> None:
    width, height = size
    config = tmp_path / "screen.json"
    screen = {"name": "s", "x": 0, "y": 0, "width": width, "height": height}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["screen"] == [width, height]  # the child really had that screen
    x, y, w, h = report["window"]
    assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, report
    assert report["outside"] == [], report
