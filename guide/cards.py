"""Link-preview cards: a 1200x630 PNG per region and language (and one per language for the other pages).

Built without network: Pillow and the system CJK font (Debian's fonts-noto-cjk). The card shows what a
chat app's preview should: the region's name, its key figures with the dates they apply from, the "numbers
as of" line and the site name. The text of every card (its *spec*) is worked out by build_pages.py from the
validated rules; this module only lays it out, so it does no lookups and no arithmetic.

Bytes are deterministic (same spec, Pillow and font -> same file): a 16-colour palette PNG, no timestamps.
A card is rendered and written only when its spec changed: the spec's hash is stored in the PNG (a tEXt
chunk) and compared before rendering, so rebuilding an unchanged site renders nothing. Many cards (a
large synthetic site) are rendered in worker processes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FONT_INDEX = 2  # Noto Sans CJK SC inside the collection
WIDTH, HEIGHT = 1200, 630
MARGIN = 60
# Colours: the card is drawn in 16 grey levels, then given a palette from white (0) to dark teal (15).
BACKGROUND = (255, 255, 255)
INK = (0, 77, 64)  # teal 900: 10:1 contrast on white
LEVELS = 16
BAND, TITLE, BODY, MUTED, RULE = 255, 255, 221, 153, 51  # grey values drawn (0 = background, 255 = ink)
HASH_KEY = "guide-card-spec"
PARALLEL_FROM = 64  # cards to render before worker processes pay off
CARDS_DIR = "assets/cards"  # under docs/: served at /assets/cards/


class CardError(RuntimeError):
    pass


def _pillow():
    try:
        from PIL import Image, ImageDraw, ImageFont, PngImagePlugin
    except ImportError:
        raise CardError("Pillow is needed for the link-preview cards: .venv/bin/pip install -r requirements.txt "
                        "(Pillow) / 生成预览卡片需要 Pillow") from None
    return Image, ImageDraw, ImageFont, PngImagePlugin


def check_font() -> None:
    if not FONT.is_file():
        raise CardError(f"CJK font not found: {FONT}. Install Debian's fonts-noto-cjk "
                        f"(sudo apt-get install fonts-noto-cjk) / 未找到中文字体，请安装 fonts-noto-cjk")


@cache
def _font(size: int):
    _, _, ImageFont, _ = _pillow()
    return ImageFont.truetype(str(FONT), size, index=FONT_INDEX)


def spec_hash(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:32]


def _fit(draw, text: str, size: int, width: int):
    """The largest font not above ``size`` that fits ``text`` in ``width`` pixels (never below 60 %)."""
    floor = int(size * 0.6)
    while size > floor and draw.textlength(text, font=_font(size)) > width:
        size -= 2
    return _font(size)


def render(spec: dict) -> bytes:
    """spec: {"header", "title", "subtitle", "lines": [...], "footer"} (plain text) -> PNG bytes."""
    Image, ImageDraw, _, PngImagePlugin = _pillow()
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, WIDTH, 96), fill=BAND)
    draw.text((MARGIN, 48), spec["header"], font=_fit(draw, spec["header"], 32, inner), fill=0, anchor="lm")
    draw.text((MARGIN, 190), spec["title"], font=_fit(draw, spec["title"], 76, inner), fill=TITLE, anchor="ls")
    draw.text((MARGIN, 244), spec["subtitle"], font=_fit(draw, spec["subtitle"], 34, inner), fill=MUTED, anchor="ls")
    y = 322
    for line in spec["lines"][:4]:
        draw.text((MARGIN, y), line, font=_fit(draw, line, 40, inner), fill=BODY, anchor="ls")
        y += 66
    draw.line((MARGIN, 548, WIDTH - MARGIN, 548), fill=RULE, width=2)
    draw.text((MARGIN, 596), spec["footer"], font=_fit(draw, spec["footer"], 30, inner), fill=MUTED, anchor="ls")
    # 256 grey levels -> 16, then a palette image: small (about 25 KB) and byte-for-byte reproducible.
    levels = image.point([(v * (LEVELS - 1) + 127) // 255 for v in range(256)])
    card = Image.frombytes("P", (WIDTH, HEIGHT), levels.tobytes())
    palette = []
    for k in range(LEVELS):
        a = k / (LEVELS - 1)
        palette += [round(b + (i - b) * a) for b, i in zip(BACKGROUND, INK, strict=True)]
    card.putpalette(palette)
    info = PngImagePlugin.PngInfo()
    info.add_text(HASH_KEY, spec_hash(spec))
    out = io.BytesIO()
    card.save(out, "PNG", bits=4, compress_level=7, pnginfo=info)
    return out.getvalue()


def stored_hash(path: Path) -> str | None:
    """The spec hash in an existing card, without decoding its pixels."""
    if not path.is_file():
        return None
    Image, _, _, _ = _pillow()
    try:
        with Image.open(path) as image:
            return image.text.get(HASH_KEY)
    except (OSError, ValueError, SyntaxError):
        return None


def _render_to(job: tuple[str, dict]) -> str:
    path, spec = job
    target = Path(path)
    data = render(spec)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    return path


def write_cards(folder: Path, specs: dict[str, dict]) -> list[str]:
    """{path relative to ``folder``: spec} -> cards written only when their spec changed; stale PNGs removed."""
    _pillow()
    check_font()
    todo = [(str(folder / rel), spec) for rel, spec in sorted(specs.items())
            if stored_hash(folder / rel) != spec_hash(spec)]
    workers = min(os.cpu_count() or 1, 4)
    if len(todo) >= PARALLEL_FROM and workers > 1:
        # Plain subprocesses fed JSON on stdin: unlike multiprocessing they do not depend on how the parent
        # was started (mkdocs, pytest, python -c, stdin).
        procs = []
        for i in range(workers):
            proc = subprocess.Popen([sys.executable, __file__, "--worker"], stdin=subprocess.PIPE,
                                    stderr=subprocess.PIPE)
            procs.append((proc, json.dumps(todo[i::workers], ensure_ascii=False).encode("utf-8")))
        failed = []
        for proc, payload in procs:
            _, err = proc.communicate(payload)
            if proc.returncode != 0:
                failed.append(err.decode("utf-8", "replace")[-2000:])
        if failed:
            raise CardError("rendering preview cards failed:\n" + "\n".join(failed))
    else:
        for job in todo:
            _render_to(job)
    changed = [Path(p).relative_to(folder).as_posix() for p, _ in todo]
    if folder.exists():
        for png in sorted(folder.rglob("*.png")):
            rel = png.relative_to(folder).as_posix()
            if rel not in specs:
                png.unlink()
                changed.append(rel)
    return changed


if __name__ == "__main__" and sys.argv[1:] == ["--worker"]:  # see write_cards
    for job in json.loads(sys.stdin.buffer.read().decode("utf-8")):
        _render_to(tuple(job))
