"""The guide's 办理流程 in Chromium: on a phone the steps stand one below the other with ↓ between them; on a
desktop they stand in one row with → between them. Never a → at the end of a line pointing at nothing."""

import pytest
from wagtail.models import Site

from wagtail_disclosure.models import DisclosureOffice, GuidePage

from ..test_guide import STEPS
from ..utils import make_classifications, make_site, publish_reviewed

pytestmark = pytest.mark.browser

STEPS_AND_MORE = STEPS + [
    ("step", {"title": "送达", "description": "将答复送达申请人", "time_limit": ""}),
    ("step", {"title": "归档", "description": "", "time_limit": ""}),
]


def guide_with_steps():
    home = make_site()
    make_classifications()
    office = DisclosureOffice.for_site(Site.objects.get(is_default_site=True))
    office.name, office.address, office.phone, office.fax, office.email = "某县人民政府办公室", "某县人民路1号", "0000-1", "0000-2", "a@example.gov.cn"
    office.office_hours = [("hours", {"period": "", "hours": "工作日 8:30—17:30"})]
    office.save()
    guide = GuidePage(
        title="政府信息公开指南", slug="zn", live=False, proactive_channels="<p>门户网站</p>", process_steps=STEPS_AND_MORE,
        request_channels=[("channel", {"kind": "letter", "instructions": "在信封上注明“政府信息公开申请”"})],
    )  # fmt: skip
    home.add_child(instance=guide)
    return publish_reviewed(guide)


def flow(page):
    """[(top, bottom, left, right, the arrow drawn after the step)] of each step."""
    return page.eval_on_selector_all(
        ".wd-flow__step",
        """steps => steps.map(step => {
            const box = step.getBoundingClientRect();
            return [box.top, box.bottom, box.left, box.right, getComputedStyle(step, '::after').content];
        })""",
    )


def test_the_flow_diagram_on_a_phone_and_on_a_desktop(page):
    guide = guide_with_steps()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(guide.url)
    steps = flow(page)
    assert len(steps) == 5
    for (_top, bottom, *_rest, arrow), (next_top, *_next) in zip(steps, steps[1:]):
        assert next_top > bottom  # one below the other
        assert "↓" in arrow
    assert steps[-1][4] in ("none", "normal")  # nothing after the last step

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(guide.url)
    steps = flow(page)
    assert len({round(top) for top, *_rest in steps}) == 1  # one row
    for (_top, _bottom, _left, right, arrow), (_t, _b, next_left, *_next) in zip(steps, steps[1:]):
        assert next_left > right and "→" in arrow
