"""Render policy text written in Markdown to HTML that is safe to embed in a page.

Python-Markdown passes raw HTML through, so nh3 (the Rust ammonia sanitiser)
cleans its output against a fixed list of tags and attributes. Scripts, styles,
event handlers and ``javascript:`` links are removed.
"""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

_ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str) -> SafeString:
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    cleaned = nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                        url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow")
    return mark_safe(cleaned)  # noqa: S308 - nh3 removed everything outside the allow-lists above
