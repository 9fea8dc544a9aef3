"""Light pages: static files under content-hashed names, precompressed, cached for good; and the
app's own pages compressed.

`flask digest compile` (flask-static-digest; `make static`, which `make run` and `make test` run)
copies each file in static/ to a name with its MD5 (`css/app-<md5>.css`), beside brotli and gzip
copies, and writes `static/cache_manifest.json`, from which `static_url_for` names them in pages.
WhiteNoise serves static/ in front of Flask, so a static response never reaches the session, the
language cookie or the no-store of signed-in pages: a hashed name is cached for good
(`immutable`), whatever the visitor."""
import re

from flask_compress import Compress
from flask_static_digest import FlaskStaticDigest
from whitenoise import WhiteNoise

from .security import SECURITY_HEADERS

# flask-static-digest's names: the MD5 of the content before the extension.
HASHED_NAME = re.compile(r"-[0-9a-f]{32}\.[^/]+$")
# A file asked for by its plain name (never by our pages) may change under it.
UNHASHED_MAX_AGE = 60
# The app's own responses that are worth compressing; images, PDFs and zips already are.
COMPRESSED_TYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
                    "image/svg+xml"]

compress = Compress()
static_digest = FlaskStaticDigest()


def is_hashed(path, url):
    return bool(HASHED_NAME.search(url))


def add_static_headers(headers, path, url):
    """The headers every page gets, on static files too (HSTS aside, which needs the request)."""
    for name, value in SECURITY_HEADERS.items():
        headers[name] = value


def init_app(app):
    """Call first of all: Flask runs after-request functions last-registered first, so the
    compression, registered here, sees each response after everything else has changed it."""
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_STREAMS", False)  # nothing streamed is HTML, CSS or JS
    compress.init_app(app)
    app.config.setdefault("FLASK_STATIC_DIGEST_COMPRESSION", ["brotli", "gzip"])
    static_digest.init_app(app)
    app.wsgi_app = WhiteNoise(
        app.wsgi_app, root=app.static_folder, prefix=app.static_url_path,
        max_age=UNHASHED_MAX_AGE, immutable_file_test=is_hashed,
        add_headers_function=add_static_headers,
        allow_all_origins=False,  # only our own pages use them
    )
