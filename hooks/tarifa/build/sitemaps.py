"""A sitemap within the protocol's limits: split into a sitemap index above them.

The sitemaps protocol allows 50,000 URLs and 50 MB (uncompressed) per file. mkdocs-static-i18n
writes one `sitemap.xml` with every page of every language; a catalogue of thousands of models in
five languages outgrows it. Above either limit, `sitemap.xml` becomes a sitemap index that lists
`sitemap-1.xml`, `sitemap-2.xml`, ..., each with whole `<url>` entries, in the original order,
and each gzipped beside it as MkDocs gzips `sitemap.xml`. Below the limits nothing changes.

>>> head = '<?xml version="1.0" encoding="UTF-8"?>\\n<urlset xmlns="x">\\n'
>>> urls = "".join(f"    <url>\\n        <loc>https://s.example/{n}/</loc>\\n    </url>\\n" for n in range(5))
>>> files = split((head + urls + "</urlset>").encode(), "https://s.example/", max_urls=2)
>>> sorted(name for name in files if not name.endswith(".gz"))
['sitemap-1.xml', 'sitemap-2.xml', 'sitemap-3.xml', 'sitemap.xml']
>>> print(files["sitemap.xml"].decode())  # doctest: +NORMALIZE_WHITESPACE
<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://s.example/sitemap-1.xml</loc></sitemap>
<sitemap><loc>https://s.example/sitemap-2.xml</loc></sitemap>
<sitemap><loc>https://s.example/sitemap-3.xml</loc></sitemap>
</sitemapindex>
>>> files["sitemap-3.xml"].decode().count("<url>")
1
"""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

from markupsafe import escape

SITEMAP = "sitemap.xml"
#: The sitemaps protocol's limits per file (https://www.sitemaps.org/protocol.html).
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
_URL = re.compile(r"[ \t]*<url>.*?</url>\n?", re.S)


def split(
    data: bytes,
    site_url: str,
    *,
    max_urls: int = MAX_URLS,
    max_bytes: int = MAX_BYTES,
    gz_mtime: int | None = None,
) -> dict[str, bytes]:
    """The files that replace `sitemap.xml` (and their `.gz`), or {} when it is within the limits."""
    text = data.decode("utf-8")
    entries = list(_URL.finditer(text))
    if len(entries) <= max_urls and len(data) <= max_bytes:
        return {}
    if not entries:
        return {}
    head, tail = text[: entries[0].start()], text[entries[-1].end() :]
    frame = len(head.encode()) + len(tail.encode())
    parts: list[list[str]] = [[]]
    size = frame
    for entry in entries:
        block = entry.group(0)
        length = len(block.encode())
        if parts[-1] and (len(parts[-1]) >= max_urls or size + length > max_bytes):
            parts.append([])
            size = frame
        parts[-1].append(block)
        size += length
    files: dict[str, bytes] = {}
    index = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    for number, blocks in enumerate(parts, 1):
        name = f"sitemap-{number}.xml"
        files[name] = (head + "".join(blocks) + tail).encode("utf-8")
        index.append(f"<sitemap><loc>{escape(site_url)}{name}</loc></sitemap>\n")
    index.append("</sitemapindex>\n")
    files[SITEMAP] = "".join(index).encode("utf-8")
    for name in list(files):
        files[name + ".gz"] = _gzip(files[name], name + ".gz", gz_mtime)
    return files


def _gzip(data: bytes, filename: str, mtime: int | None) -> bytes:
    """As MkDocs gzips the sitemap: the file's name inside, the build date as its time."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=filename, mode="wb", mtime=mtime) as archive:
        archive.write(data)
    return buffer.getvalue()


def split_in_place(site: Path, site_url: str, gz_mtime: int | None = None) -> list[str]:
    """Split the built site's `sitemap.xml` if it is above the limits; the files written."""
    path = site / SITEMAP
    if not path.exists():
        return []
    files = split(path.read_bytes(), site_url, gz_mtime=gz_mtime)
    for name, data in files.items():
        (site / name).write_bytes(data)
    return sorted(files)
