"""The record's cards at tablet and desktop widths: no label breaks in the middle of a
word (issue 11, item 11: "Communicatio / n" on the record cards at 1024 px)."""

from __future__ import annotations

from typing import Any

import pytest

from childfirst.accounts.models import Role
from tests.casework.factories import (
    AccommodationEpisodeFactory,
    ChildFactory,
    EteEpisodeFactory,
    InterventionFactory,
    OutcomeFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Each word of each summary-list key, and whether the browser laid it out on more than
#: one line (a word broken part-way).
BROKEN_WORDS = """() => {
  const broken = [];
  for (const key of document.querySelectorAll('.govuk-summary-list__key')) {
    const text = key.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    const re = /\\S+/g;
    let m;
    while ((m = re.exec(text.data))) {
      const range = document.createRange();
      range.setStart(text, m.index);
      range.setEnd(text, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [700, 800, 1024, 1280])
def test_no_label_on_the_record_breaks_mid_word(
    page: Any, live_server: Any, sign_in: Any, width: int
) -> None:
    team = TeamFactory(name="North")
    UserFactory(username="priya", roles=[(Role.PRACTITIONER, team)])
    child = ChildFactory(team=team, communication_needs="Short sessions with breaks.")
    outcome = OutcomeFactory(child=child, code="referral-order")
    InterventionFactory(child=child, outcome=outcome)
    AccommodationEpisodeFactory(child=child)
    EteEpisodeFactory(child=child)

    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/sign-in/")
    sign_in(page, "priya")
    page.goto(f"{live_server.url}/children/{child.reference}/")
    keys = page.locator(".govuk-summary-list__key").all_inner_texts()
    assert "Communication" in keys and "Accommodation" in keys and "Intervention" in keys
    assert page.evaluate(BROKEN_WORDS) == []
