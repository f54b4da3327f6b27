"""The preview servers' answer to a missing address: the site's 404 page.

GitHub Pages serves ``404.html`` (TIMELINE_NOT_FOUND_SAVE_AS) with status
404 for any missing path; ``invoke serve`` and ``invoke livereload`` do the
same with these handlers, so the preview shows what readers will see.
"""

from __future__ import annotations

import os

from pelican.server import ComplexHTTPRequestHandler


def not_found_page(root: str, save_as: str) -> bytes | None:
    """The bytes of the built 404 page under ``root``, or None when there is none."""
    try:
        with open(os.path.join(root, save_as), "rb") as f:
            return f.read()
    except OSError:
        return None


def serve_handler(save_as: str) -> type[ComplexHTTPRequestHandler]:
    """Pelican's preview handler, answering a missing path with the 404 page."""

    class NotFoundHandler(ComplexHTTPRequestHandler):
        def do_GET(self):
            original = self.path
            found = self.get_path_that_exists(original.split("?", 1)[0])
            if found:
                super().do_GET()
                return
            self.path = original
            page = not_found_page(self.base_path, save_as)
            if page is None:
                self.send_error(404)
                return
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

    return NotFoundHandler


def livereload_handler(save_as: str):
    """livereload's static file handler, answering a missing path with the 404 page."""
    from livereload.handlers import StaticFileHandler

    class NotFoundStaticFileHandler(StaticFileHandler):
        def write_error(self, status_code, **kwargs):
            page = not_found_page(self.root, save_as) if status_code == 404 else None
            if page is None:
                super().write_error(status_code, **kwargs)
                return
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(page)

    return NotFoundStaticFileHandler
