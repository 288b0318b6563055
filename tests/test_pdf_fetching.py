"""PDF rendering loads nothing from the network or the file system, whatever the document contains."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from civac.documents import DocumentFetchRefused, StaticOnlyFetcher, render_pdf
from tests import builders

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS_SETTING = "tests/templates"


class _CountingHandler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def counting_server():
    """A local HTTP server that records every request it receives."""
    _CountingHandler.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _CountingHandler.hits
    server.shutdown()


@pytest.fixture
def test_templates(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATE_DIRS_SETTING]}]


def test_remote_references_are_not_fetched(counting_server, test_templates):
    base, hits = counting_server
    pdf = render_pdf("tests/remote_references.html", {"base": base}, language="en")
    assert pdf.startswith(b"%PDF-")
    assert hits == []


def test_default_fetcher_would_fetch_them(counting_server, test_templates):
    """The control case: WeasyPrint's own fetcher follows these references, so the test above can fail."""
    from weasyprint import HTML

    base, hits = counting_server
    HTML(string=render_to_string("tests/remote_references.html", {"base": base})).write_pdf()
    assert "/image.png" in hits


def test_html_in_officer_name_is_printed_not_rendered(counting_server, workspace):
    base, hits = counting_server
    injected = f'<img src="{base}/name.png">'
    _appointment, certificate = builders.signed_ciso_appointment(workspace, officer_name=(injected, "Evil"))
    with certificate.file.open("rb") as handle:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert hits == []
    assert "<img" in text


def test_project_static_files_are_served():
    response = StaticOnlyFetcher().fetch("civac-static:css/civac.css")
    assert response.content_type == "text/css"
    assert b"--accent" in response.read()


@pytest.mark.parametrize("url", ["civac-static:../../settings.py", "civac-static:missing.css", "file:///etc/passwd"])
def test_other_files_are_refused(url):
    with pytest.raises(DocumentFetchRefused):
        StaticOnlyFetcher().fetch(url)
