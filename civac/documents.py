"""Render templates to PDF with WeasyPrint, loading only the project's own static files.

The URL fetcher refuses every scheme but ``civac-static:``, which maps to files
found by Django's static finders, so a document can never make the server fetch
an internal or external address. A refused reference is left out of the PDF
(WeasyPrint logs a warning) instead of failing the whole document.
"""

import hashlib
import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_SCHEME = "civac-static:"


class DocumentFetchRefused(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint fetcher that serves project static files and raises for every other URL."""

    def __init__(self):
        super().__init__(allowed_protocols=set(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None) -> URLFetcherResponse:
        if not url.startswith(STATIC_SCHEME):
            raise DocumentFetchRefused(f"document tried to load {url!r}; only project static files are allowed")
        relative = url[len(STATIC_SCHEME):].lstrip("/")
        try:
            found = finders.find(relative)
        except SuspiciousFileOperation:
            found = None
        if not found:
            raise DocumentFetchRefused(f"static file {relative!r} not found")
        path = Path(found)
        mime_type, _encoding = mimetypes.guess_type(path.name)
        return URLFetcherResponse(url, body=path.read_bytes(),
                                  headers={"Content-Type": mime_type or "application/octet-stream"})


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template_name, context | {"static_base": STATIC_SCHEME})
    return HTML(string=html, url_fetcher=StaticOnlyFetcher(), base_url=STATIC_SCHEME).write_pdf()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def qr_svg(data: str) -> str:
    """Render ``data`` as an inline SVG QR code, so the PDF renderer fetches nothing."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=1)
    return image.to_string(encoding="unicode")
