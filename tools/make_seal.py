"""Draw a sample company seal (印章) as a PNG with transparency, for fixtures and docs.

Usage: python -m tools.make_seal OUT.png [NAME]
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

RED = (230, 0, 0, 235)


def _font_file() -> str:
    out = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC:bold"], capture_output=True, text=True, check=False)
    return out.stdout.strip()


def make_seal(name: str, size: int = 600) -> Image.Image:
    """Return a round red seal: ring, the name along the top arc, a star in the middle."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    ring = size // 30
    draw.ellipse([ring, ring, size - ring, size - ring], outline=RED, width=ring)
    font = ImageFont.truetype(_font_file(), size // 9)
    radius = size / 2 - ring * 2.2 - size // 18
    span = math.radians(220)
    for i, ch in enumerate(name):
        angle = -math.pi / 2 - span / 2 + span * (i + 0.5) / len(name)
        glyph = Image.new("RGBA", (size // 8, size // 8), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((size // 16, size // 16), ch, font=font, fill=RED, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x = size / 2 + radius * math.cos(angle) - glyph.width / 2
        y = size / 2 + radius * math.sin(angle) - glyph.height / 2
        img.alpha_composite(glyph, (int(x), int(y)))
    star = [
        (size / 2 + (size / 7 if k % 2 == 0 else size / 17) * math.cos(-math.pi / 2 + k * math.pi / 5),
         size / 2 + (size / 7 if k % 2 == 0 else size / 17) * math.sin(-math.pi / 2 + k * math.pi / 5))
        for k in range(10)
    ]
    draw.polygon(star, fill=RED)
    return img


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    make_seal(argv[1] if len(argv) > 1 else "示例科技有限公司").save(out, optimize=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
