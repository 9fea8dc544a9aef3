# Two commands: `make run` (serve the demo) and `make test` (the whole suite). Everything else
# they need, they set up themselves.
PYTHON ?= python3
# The app runs as production unless told otherwise; everything here is for a developer's machine.
export SANCTUARY_ENV ?= development
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# Links in emails and the printed sign-ins follow the address the demo is served on.
PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
export PUBLIC_BASE_URL
FLASK := $(BIN)/flask --app app
PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run serve test install install-dev runtime-deps system-deps translations static migrate demo clean

# Beside the server runs the outbox sender (`flask send-outbox --watch`): email is sent right after
# the response that queued it, and whatever that misses (a client that went away) within seconds.
# It stops with the server.
WITH_SENDER = $(FLASK) send-outbox --watch & sender=$$!; trap 'kill $$sender 2>/dev/null' EXIT INT TERM;

run: install runtime-deps translations static migrate demo
	$(WITH_SENDER) $(FLASK) run --host $(HOST) --port $(PORT)

serve: install runtime-deps translations static migrate demo
	$(WITH_SENDER) $(BIN)/gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT) --workers 2 --threads 4 app:app

# In CI (CI=true) the run fails unless browser, PostgreSQL, SMTP and redis tests each actually passed.
comma := ,
REQUIRE_RAN := $(if $(filter true,$(CI)),--require-ran=browser$(comma)postgres$(comma)smtp$(comma)redis)

# One pytest-xdist worker per core (each with its own live server, databases and SMTP server);
# worksteal hands a worker that has run out of tests some of another's.
TEST_WORKERS ?= auto

test: install-dev translations runtime-deps static system-deps node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(REQUIRE_RAN) $(PYTEST_ARGS)

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# Pango (weasyprint: certificates) and Cairo (cairosvg: the PNG logo), from Debian's packages.
# The fonts they use are shipped in sanctuary/core/fonts/, never taken from the system.
runtime-deps:
	@if ! ldconfig -p | grep -q libpangoft2-1.0.so.0 || ! ldconfig -p | grep -q libharfbuzz-subset.so.0 || ! ldconfig -p | grep -q libcairo.so.2; then \
		echo "Installing pango and cairo from Debian's packages"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libcairo2 >/dev/null; \
	fi

# Debian's Chromium for the browser tests, PostgreSQL's server binaries for the database tests,
# and redis-server for the rate-limit storage that several instances share.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ ! -x /usr/bin/redis-server ]; then \
		echo "Installing chromium, postgresql and redis-server from Debian's packages"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium postgresql redis-server >/dev/null; \
	fi

# axe-core, pinned by package.json and package-lock.json, injected into pages by the browser tests.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

translations: $(MO_FILES)

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

# Static files under content-hashed names, with brotli and gzip copies, and the manifest that
# names them in pages (flask-static-digest; see sanctuary/core/assets.py). Rebuilt whenever a
# source file changes, the old copies removed first; none of it is committed.
STATIC_SOURCES := $(shell find static -type f ! -name '*.br' ! -name '*.gz' ! -name cache_manifest.json \
	-regextype posix-extended ! -regex '.*-[0-9a-f]{32}\.[^/]*')

static: static/cache_manifest.json

static/cache_manifest.json: $(STATIC_SOURCES) | $(VENV)/.installed
	$(FLASK) digest clean >/dev/null
	$(FLASK) digest compile >/dev/null

migrate: install
	$(FLASK) db upgrade

demo: install translations migrate
	$(FLASK) seed-demo

clean:
	if [ -x $(BIN)/flask ]; then $(FLASK) digest clean >/dev/null; fi
	rm -rf $(VENV) node_modules .pytest_cache
