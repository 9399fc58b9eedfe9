"""A worker process for tests/test_review_concurrency.py: posts one review through the admin's modal.

Run as ``python -m tests.review_worker JOB`` with ``DISCLOSURE_TEST_SQLITE_FILE`` naming the database
file; JOB is JSON with the user's id, the modal's URL, the form data and two file names: the worker logs
in (which writes), creates the ``ready`` file, waits for the ``go`` file, then posts. Prints a JSON report.
"""

import json
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import django

TIMEOUT = 60  # seconds


def main(job):
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core import signing
    from django.test import Client

    from wagtail_disclosure.services import reviews

    user = get_user_model().objects.get(pk=job["user"])
    client = Client(raise_request_exception=False)
    client.force_login(user)
    Path(job["ready"]).touch()
    deadline = time.monotonic() + TIMEOUT
    while not Path(job["go"]).exists():
        if time.monotonic() > deadline:
            sys.exit("no go signal")
        time.sleep(0.01)
    response = client.post(job["url"], job["data"], HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    report = {"status": response.status_code, "messages": []}
    if response.status_code == 200:
        result = response.json()
        report["step"] = result.get("step")
        if "refused" in result.get("redirect", ""):
            # The message the refusal view will show (read here: the database may still be locked).
            token = parse_qs(urlsplit(result["redirect"]).query)["r"][0]
            report["messages"] = [signing.loads(token, salt=reviews.REFUSAL_SIGNING_SALT)["m"]]
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
