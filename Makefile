# Two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?=

.PHONY: demo test venv system-deps messages lint clean

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[test]"
	touch $@

venv: $(VENV)/.installed

demo: $(VENV)/.installed
	$(PY) example_site/manage.py migrate --noinput
	$(PY) example_site/manage.py load_demo_site
	@echo "Admin: http://127.0.0.1:8000/admin/  (users and passwords: see README.md)"
	@echo "Production-like (the site's own 404 page): DJANGO_DEBUG=1 make demo for Django's debug pages."
	$(PY) example_site/manage.py runserver --insecure 127.0.0.1:8000

# Chromium and CJK fonts for the browser tests (Playwright drives the system Chromium), gettext for the translation check.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v msgfmt >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk gettext >/dev/null; \
		else echo "Missing system packages: sudo apt-get install chromium fonts-noto-cjk gettext"; exit 1; fi; fi

# The whole suite on SQLite, then on PostgreSQL: the cluster given by PGHOST/PGPORT, or a
# throwaway one started here when PostgreSQL's binaries are installed.
test: $(VENV)/.installed system-deps
	$(PY) -m pytest $(PYTEST_ARGS)
	bash .ci/with-postgres.sh env DISCLOSURE_TEST_DB=postgres $(PY) -m pytest $(PYTEST_ARGS)

messages: $(VENV)/.installed
	cd wagtail_disclosure && ../$(PY) ../example_site/manage.py makemessages -l zh_Hans --no-obsolete --ignore 'contrib/*' && ../$(PY) ../example_site/manage.py compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) build dist *.egg-info example_site/db.sqlite3
