"""依申请公开 benchmarks: 表三 from 100,000 cases, the due-date lists at 100,000 open cases, the public form.

    .venv/bin/python benchmarks/disclosure_requests.py                     # SQLite (a fresh file in /tmp)
    bash .ci/with-postgres.sh .venv/bin/python benchmarks/disclosure_requests.py --postgres

Measures
* ``services.requests.table_three_for`` over 100,000 cases of one organisation (three years, open and
  closed, every outcome): median time and number of queries (goal: ≤ 1 s, a constant number);
* the admin dashboard with the due-soon/overdue panel at 100,000 open cases, as a ratio to the same
  dashboard for a user who does not get the panel (the bare admin page), and the case register's listing;
* submitting the public application form, as a ratio to a bare page (GET of a plain wagtailcore Page).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--postgres", action="store_true", help="PostgreSQL (database disclosure_bench_requests) instead of SQLite")
parser.add_argument("--cases", type=int, default=100_000, help="cases for 表三 and open cases for the lists (default: %(default)s)")
parser.add_argument("--repeat", type=int, default=20, help="timed repetitions (default: %(default)s)")
ARGS = parser.parse_args()

if ARGS.postgres:
    os.environ["DISCLOSURE_TEST_DB"] = "postgres"
    os.environ["PGDATABASE"] = "disclosure_bench_requests"
    from pgsetup import recreate_database

    recreate_database("disclosure_bench_requests")
else:
    os.environ["DISCLOSURE_TEST_SQLITE_FILE"] = os.path.join(tempfile.mkdtemp(prefix="disclosure-bench-"), "bench.sqlite3")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.TEMPLATES[0]["DIRS"] = [HERE / "templates"]
settings.ALLOWED_HOSTS = ["*"]
settings.WAGTAIL_DISCLOSURE_REQUEST_SUBMISSIONS_PER_HOUR = 10**9
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

from tests.request_utils import VALID_ID, handlers_group  # noqa: E402
from tests.utils import approve, make_organisation  # noqa: E402
from wagtail_disclosure.models import InformationRequest, RequestApplicationPage  # noqa: E402
from wagtail_disclosure.rules.requests import ApplicantType, Outcome  # noqa: E402
from wagtail_disclosure.services.requests import table_three_for  # noqa: E402


def median_ms(fn, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def generate(organisation, count, *, open_only, seed):
    """``count`` cases, bulk-inserted: received 2023–2025, closed ones answered 5–60 days later."""
    rng = random.Random(seed)  # noqa: S311
    types, outcomes = list(ApplicantType.values), list(Outcome.values)
    today = datetime.date.today()
    batch = []
    for i in range(count):
        received = datetime.date(2023, 1, 2) + datetime.timedelta(days=rng.randint(0, 1090))
        answered = None if open_only or rng.random() < 0.1 else received + datetime.timedelta(days=rng.randint(5, 60))
        due = None if answered else received + datetime.timedelta(days=28)  # as refresh_deadline keeps it
        if open_only:  # due dates around today: some overdue, some due soon, most later
            due = today + datetime.timedelta(days=rng.randint(-20, 60))
        batch.append(
            InformationRequest(
                reference=f"B{seed}-{i:07d}", query_code=f"Q{seed}{i:08d}", organisation=organisation, channel="online",
                submitted_on=received, confirmed_on=received, received_on=received, applicant_type=rng.choice(types),
                applicant_name="测试", phone="13800138000", information_title=f"基准测试申请{i}", due_on=due,
                status="processing" if answered is None else "answered", answered_on=answered,
                outcome=rng.choice(outcomes) if answered else "",
            )  # fmt: skip
        )
        if len(batch) == 5000:
            InformationRequest.objects.bulk_create(batch)
            batch = []
    InformationRequest.objects.bulk_create(batch)


def main():
    call_command("migrate", verbosity=0)
    org = make_organisation("基准测试局", "000014349")
    open_org = make_organisation("基准测试办", "11341702486344515H")
    engine = connection.vendor
    print(f"Database: {engine}; {ARGS.cases:,} cases for 表三 and {ARGS.cases:,} open cases", flush=True)
    start = time.perf_counter()
    generate(org, ARGS.cases, open_only=False, seed=1)
    generate(open_org, ARGS.cases, open_only=True, seed=2)
    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"  generated in {time.perf_counter() - start:.1f}s", flush=True)

    # 表三
    with CaptureQueriesContext(connection) as queries:
        table = table_three_for(org, 2024)
    ms = median_ms(lambda: table_three_for(org, 2024), ARGS.repeat)
    balanced = all(
        table["new_received"][c] + table["carried_over_from_last_year"][c] == table["results"]["total"][c] + table["carried_forward_to_next_year"][c]
        for c in range(7)
    )
    print(f"表三 from {ARGS.cases:,} cases: {ms:.1f} ms median, {len(queries)} query, balanced: {balanced} (goal ≤ 1000 ms)", flush=True)

    # The due lists at 100,000 open cases vs a bare admin page.
    home = Page.get_first_root_node().add_child(instance=Page(title="基准", slug="bench"))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80})
    User = get_user_model()
    handler = User.objects.create_user("handler", "h@example.com", "pw")
    handler.groups.add(handlers_group(organisations=[org, open_org]))  # handlers see their organisations' cases
    bare = User.objects.create_user("bare", "b@example.com", "pw")
    admin_only = handlers_group("只登录后台")
    admin_only.permissions.remove(*admin_only.permissions.filter(content_type__app_label="wagtail_disclosure"))
    bare.groups.add(admin_only)
    handler_client, bare_client = Client(), Client()
    handler_client.force_login(handler)
    bare_client.force_login(bare)
    for client in (handler_client, bare_client):
        assert client.get("/admin/").status_code == 200
    assert "disclosure-due-requests" in handler_client.get("/admin/").content.decode()
    assert "disclosure-due-requests" not in bare_client.get("/admin/").content.decode()
    with_panel = median_ms(lambda: handler_client.get("/admin/"), ARGS.repeat)
    without = median_ms(lambda: bare_client.get("/admin/"), ARGS.repeat)
    listing = median_ms(lambda: handler_client.get("/admin/disclosure_requests/?status=processing"), ARGS.repeat)
    print(f"Dashboard with the due lists: {with_panel:.1f} ms; bare dashboard: {without:.1f} ms; ratio {with_panel / without:.2f}", flush=True)
    print(f"Case register listing (open cases, page 1): {listing:.1f} ms; ratio to the bare dashboard {listing / without:.2f}", flush=True)

    # The public form vs a bare page.
    page = home.add_child(instance=RequestApplicationPage(title="政府信息公开申请", slug="sqgk", organisation=org, live=False))
    revision = page.save_revision()
    approve(page, revision)
    revision.publish()
    plain = home.add_child(instance=Page(title="空白页", slug="plain"))
    public = Client()
    data = {
        "applicant_type": "natural_person", "applicant_name": "赵六", "id_number": VALID_ID, "phone": "13800138000",
        "information_title": "基准测试信息", "description": "基准", "provide_format": "electronic", "delivery_method": "post",
        "address": "某县某路1号",
    }  # fmt: skip
    assert public.post(page.url, data).status_code == 302
    post_ms = median_ms(lambda: public.post(page.url, data), ARGS.repeat)
    get_form_ms = median_ms(lambda: public.get(page.url), ARGS.repeat)
    bare_ms = median_ms(lambda: public.get(plain.url), ARGS.repeat)
    print(f"Submitting the form: {post_ms:.1f} ms; the form page: {get_form_ms:.1f} ms; bare page: {bare_ms:.1f} ms; "
          f"ratios {post_ms / bare_ms:.2f} and {get_form_ms / bare_ms:.2f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
