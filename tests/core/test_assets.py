import gzip
import re

import brotli

from tests.factories import make_user
from tests.support.assets import STATIC, static_manifest
from tests.support.client import sign_in, text

FOREVER = "max-age=315360000, public, immutable"


def static_urls(page):
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', page)


def test_pages_name_each_static_file_by_its_content_hash(client):
    manifest = static_manifest()

    urls = static_urls(text(client.get("/")))

    assert urls == [f"/static/{manifest[name]}" for name in (
        "favicon.svg", "css/app.css", "vendor/htmx-2.0.11.min.js", "js/app.js")]
    for name, hashed in manifest.items():
        assert re.fullmatch(re.escape(name.rsplit(".", 1)[0]) + r"-[0-9a-f]{32}\."
                            + re.escape(name.rsplit(".", 1)[1]), hashed), name


def test_static_files_for_a_signed_in_person_are_cached_for_good_without_their_session(client):
    sign_in(client, make_user())
    dashboard = client.get("/dashboard")
    urls = static_urls(text(dashboard))
    assert len(urls) == 4

    for url in urls:
        with client.get(url) as response:
            assert response.status_code == 200, url
            assert response.headers["Cache-Control"] == FOREVER, url
            assert "Set-Cookie" not in response.headers, url
            assert response.headers["Vary"] == "Accept-Encoding", url  # not Cookie
            assert response.headers["X-Content-Type-Options"] == "nosniff", url
            assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    # A plain name (no page of ours uses one) may change under it: cached for a minute only.
    with client.get("/static/css/app.css") as plain:
        assert (plain.status_code, plain.headers["Cache-Control"]) == (200, "max-age=60, public")
        assert "Set-Cookie" not in plain.headers
    # The page itself stays private.
    assert dashboard.headers["Cache-Control"] == "no-store"


def test_static_files_are_sent_as_built_in_brotli_or_gzip(client):
    manifest = static_manifest()
    hashed = manifest["vendor/htmx-2.0.11.min.js"]
    source = (STATIC / "vendor/htmx-2.0.11.min.js").read_bytes()

    for accept, encoding, suffix, decompress in (("gzip, deflate, br, zstd", "br", ".br",
                                                  brotli.decompress),
                                                 ("gzip", "gzip", ".gz", gzip.decompress)):
        with client.get(f"/static/{hashed}", headers={"Accept-Encoding": accept}) as response:
            body = response.get_data()
            assert response.headers["Content-Encoding"] == encoding
            assert body == (STATIC / f"{hashed}{suffix}").read_bytes()  # the built copy
            assert decompress(body) == source
    with client.get(f"/static/{hashed}") as response:  # a client that asks for neither
        assert "Content-Encoding" not in response.headers
        assert response.get_data() == source
    assert len((STATIC / f"{hashed}.br").read_bytes()) < 16_000  # of 52 KB


def without_csrf_token(page):
    return re.sub(r'(name="csrf-token" content="|value=")[A-Za-z0-9_=-]{100,}"', r"\1", page)


def test_pages_are_compressed_for_browsers_that_accept_it(client):
    plain = client.get("/privacy")
    brotli_page = client.get("/privacy", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    gzip_page = client.get("/privacy", headers={"Accept-Encoding": "gzip"})

    assert "Content-Encoding" not in plain.headers
    assert (brotli_page.headers["Content-Encoding"], gzip_page.headers["Content-Encoding"]) == (
        "br", "gzip")
    assert "Accept-Encoding" in brotli_page.headers["Vary"]
    expected = without_csrf_token(text(plain))
    assert without_csrf_token(brotli.decompress(brotli_page.get_data()).decode()) == expected
    assert without_csrf_token(gzip.decompress(gzip_page.get_data()).decode()) == expected
    assert len(brotli_page.get_data()) < len(plain.get_data()) / 2
