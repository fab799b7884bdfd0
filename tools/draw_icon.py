"""Draw ppdesk's application icon (a card with a keyhole) and save it as PNG (Linux, the
window icon), ICO (Windows) and ICNS (macOS).

    python tools/draw_icon.py resources/icons
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def draw(out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath

    _app = QGuiApplication.instance() or QGuiApplication([])
    img = QImage(1024, 1024, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor("#1f4e79")))
    p.drawRoundedRect(QRectF(64, 64, 896, 896), 180, 180)
    p.setBrush(QBrush(QColor("#ffffff")))
    p.drawRoundedRect(QRectF(192, 256, 640, 512), 64, 64)
    p.setBrush(QBrush(QColor("#1f4e79")))
    p.drawEllipse(QRectF(432, 360, 160, 160))
    keyhole = QPainterPath()
    keyhole.moveTo(470, 480)
    keyhole.lineTo(554, 480)
    keyhole.lineTo(590, 660)
    keyhole.lineTo(434, 660)
    keyhole.closeSubpath()
    p.drawPath(keyhole)
    p.setBrush(QBrush(QColor("#f2b134")))
    p.drawRect(QRectF(192, 700, 640, 68))
    p.end()
    out.mkdir(parents=True, exist_ok=True)
    big = out / "ppdesk-1024.png"
    img.save(str(big))
    with Image.open(big) as im:
        im.resize((256, 256), Image.Resampling.LANCZOS).save(out / "ppdesk.png")
        sizes = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
        im.save(out / "ppdesk.ico", sizes=sizes)
        im.save(out / "ppdesk.icns")
    big.unlink()


if __name__ == "__main__":
    draw(Path(sys.argv[1] if len(sys.argv) > 1 else "resources/icons"))
