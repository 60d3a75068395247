"""The performance pages: who sees figures, who sees names, and the pages themselves."""

import pytest
from django.test import Client

from childfirst.accounts.models import AccessLog, Role, Team
from childfirst.casework.models import Child
from childfirst.performance.models import PopulationEstimate
from tests.casework.conftest import sign_in, text_of, title_of
from tests.casework.factories import UserFactory
from tests.performance.pages import got

pytestmark = pytest.mark.django_db
DASHBOARD = "/performance/"
Q1 = "?period=2023Q1"


def person(role, team=None):
    return UserFactory(roles=[(role, team)])


@pytest.fixture
def manager(client):
    return sign_in(client, person(Role.SERVICE_MANAGER))


def test_the_dashboard_shows_each_kpi_with_the_four_quarters_before(service, manager):
    response = got(manager, DASHBOARD + Q1)
    assert response.status_code == 200 and response.streamed
    assert title_of(response).startswith("Key performance indicators, 2023-24 Q1")
    page = response.content.decode()
    text = text_of(response)
    for n, title in [(1, "Accommodation"), (6, "Out-of-court disposals"), (10, "Victims")]:
        assert f"KPI {n}: {title}" in text
    # A chart for each KPI but KPI 8, which has no figure with no board meeting recorded.
    assert page.count('src="data:image/svg+xml;base64,') == 9
    assert "No chart: no meetings recorded in any of these quarters." in text
    for quarter in ("2022-23 Q1", "2022-23 Q2", "2022-23 Q3", "2022-23 Q4", "2023-24 Q1"):
        assert quarter in text
    # KPI 1 in 2023-24 Q1: Amy and Ben of Amy, Ben and Cal; a link to the children.
    assert "66.7%" in text
    assert "/performance/2023Q1/kpi1/children/?row=headline" in page
    # progress, quarter by quarter, before the figures
    assert "Worked out 2022-23 Q1 (1 of 5)." in text
    assert text.index("Worked out 2023-24 Q1 (5 of 5)") < text.index("KPI 1: Accommodation")
    assert page.count("<html") == 1 and page.count("</html>") == 1


def test_a_figure_opens_onto_its_children(service, manager):
    response = manager.get("/performance/2023Q1/kpi1/children/?row=headline")
    assert response.status_code == 200
    text = text_of(response)
    assert "This figure counts 2 of 3" in text
    names = {c.first_name for c in Child.objects.filter(pk__in=[service["Amy"], service["Ben"]])}
    assert all(name in text for name in names)
    assert "Cal" not in text.replace("Children", "")
    # Listing names is not opening a record: each child on the page is logged as named in
    # a list, and only those (the one the manager may not open is not shown, nor logged).
    logged = AccessLog.objects.values_list("child_id", "kind")
    assert sorted(logged) == sorted((service[name], "list") for name in ("Amy", "Ben"))


def test_the_full_table_links_each_number(service, manager):
    response = manager.get("/performance/2023Q1/kpi1/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Custodial sentences: Release" in page
    assert "row=suitable&amp;column=custody%3Arelease" in page
    cell = manager.get("/performance/2023Q1/kpi1/children/?row=suitable&column=custody:release")
    assert "This figure counts 1 of 1" in text_of(cell)


def test_how_far_ahead_of_release_fills_only_the_release_column(service, manager):
    # Ben went from the YOI to foster care on 1 April 2023; no date secured is recorded.
    response = manager.get("/performance/2023Q1/kpi1/")
    text = text_of(response)
    assert "Home on release: date secured not recorded" in text
    assert "Home secured 28 days or more before release" in text
    page = response.content.decode()
    assert "row=ahead%3Anot_recorded&amp;column=custody%3Arelease" in page
    # every other column of the row says it does not apply, rather than a 0 that would
    # read as "no child"
    row = page[page.index("Home on release: date secured not recorded") :].split("</tr>")[0]
    # 15 columns: five groups at start and end, custody at start, end and release, the
    # total at start and end; only custody's release applies.
    assert row.count("Does not apply") == 14
    cell = manager.get(
        "/performance/2023Q1/kpi1/children/?row=ahead:not_recorded&column=custody:release"
    )
    assert "This figure counts 1 of 1" in text_of(cell)
    missing = manager.get(
        "/performance/2023Q1/kpi1/children/?row=ahead:not_recorded&column=custody:start"
    )
    assert missing.status_code == 404


def test_board_members_see_figures_never_names(service, client, settings):
    settings.CHILDFIRST_SMALL_NUMBER_THRESHOLD = 2  # the figures here are 2 of 3
    sign_in(client, person(Role.BOARD_MEMBER))
    page = got(client, DASHBOARD + Q1).content.decode()
    assert "66.7%" in page
    assert "/children/" not in page
    assert "/children/" not in client.get("/performance/2023Q1/kpi1/").content.decode()
    assert client.get("/performance/2023Q1/kpi1/children/?row=headline").status_code == 403
    assert client.get("/performance/indicators/2022-23/custody/children/").status_code == 403


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.POLICE_PANEL, Role.ADMINISTRATOR])
def test_other_roles_cannot_open_the_dashboard(service, client, role):
    sign_in(client, person(role, Team.objects.first() if role == Role.PRACTITIONER else None))
    assert got(client, DASHBOARD).status_code == 403
    assert client.get("/performance/indicators/").status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client):
    response = got(client, DASHBOARD)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_a_team_manager_sees_only_the_children_they_may_open(service, client):
    other = Team.objects.create(name="Elsewhere")
    sign_in(client, person(Role.TEAM_MANAGER, other))
    response = client.get("/performance/2023Q1/kpi1/children/?row=headline")
    assert response.status_code == 200
    text = text_of(response)
    assert "2 children are not listed because you cannot open their records" in text
    assert "There are no children to list" in text


def test_a_bad_quarter_is_explained(manager):
    response = got(manager, DASHBOARD + "?period=2019Q9")
    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    assert "Choose a quarter from the list" in text_of(response)
    before = got(manager, DASHBOARD + "?period=2022Q4")
    assert "Choose a quarter from April 2023" in text_of(before)


def test_an_empty_quarter_has_no_percentages(manager):
    response = got(manager, DASHBOARD + Q1)
    assert response.status_code == 200
    assert "None counted" in text_of(response)


def test_sector_figures_and_unknown_figures_are_not_found(service, manager):
    assert manager.get("/performance/2023Q1/kpi8/children/?row=headline").status_code == 404
    assert manager.get("/performance/2023Q1/kpi1/children/?row=nope&column=x").status_code == 404
    assert manager.get("/performance/2023Q1/kpi11/").status_code == 404
    assert manager.get("/performance/2023Q9/kpi1/").status_code == 404


def test_the_indicators_page(service, manager):
    PopulationEstimate.objects.create(year=2022, children_10_17=40_000)
    response = manager.get("/performance/indicators/?period=2022-23")
    assert response.status_code == 200
    text = text_of(response)
    assert "National indicators, 2022-23" in text
    assert "First time entrants 2" in text  # Ben's DTO and Cal's caution
    assert "Rate per 100,000 children aged 10 to 17 5.0" in text  # 2 / 40,000
    assert "By disposal tier" in text
    children = manager.get("/performance/indicators/2022-23/first-time-entrants/children/")
    assert "This figure counts 2" in text_of(children)


def test_the_indicators_page_without_a_population_or_with_a_bad_period(service, manager):
    text = text_of(manager.get("/performance/indicators/?period=2022-23"))
    assert "No population estimate of children aged 10 to 17 is recorded" in text
    bad = manager.get("/performance/indicators/?period=last year")
    assert "Enter a financial year such as 2022-23" in text_of(bad)
    assert manager.get("/performance/indicators/2022-23/nothing/children/").status_code == 404


def test_the_menu_shows_performance_to_those_who_may_see_it(service, client):
    sign_in(client, person(Role.BOARD_MEMBER))
    assert ">Performance</a>" in client.get("/").content.decode()
    client.logout()
    sign_in(client, person(Role.PRACTITIONER, Team.objects.first()))
    assert ">Performance</a>" not in client.get("/").content.decode()


def test_the_dashboard_streams_progress_and_holds_nothing_up(service, manager):
    response = manager.get(DASHBOARD + Q1)
    chunks = iter(response.streaming_content)
    first = next(chunks).decode()
    assert "Key performance indicators, 2023-24 Q1" in first
    assert "KPI 1: Accommodation" not in first  # the figures are still to come
    progress = next(chunks).decode() + next(chunks).decode()
    assert 'role="status"' in progress and "Worked out 2022-23 Q1 (1 of 5)" in progress
    # Half way through, someone else signs in.
    board = person(Role.BOARD_MEMBER)
    board.set_password("another-long-passphrase-1")
    board.save()
    other = Client()
    signed_in = other.post(
        "/sign-in/", {"username": board.username, "password": "another-long-passphrase-1"}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"
    rest = b"".join(chunks).decode()
    assert "KPI 10: Victims" in rest and rest.rstrip().endswith("</html>")


# --- small numbers (issue 12, finding 10) -------------------------------------------------

WITHHELD = (
    '<span aria-hidden="true">&lt;5</span><span class="govuk-visually-hidden">fewer than 5</span>'
)
NOTE = "Counts from 1 to 4 are shown as &lt;5, and rates worked out from them are withheld"


def test_board_members_see_small_counts_as_fewer_than_five_and_no_rate_from_them(service, client):
    # KPI 1 in 2023-24 Q1 is Amy and Ben of Amy, Ben and Cal: 2 of 3, 66.7%.
    sign_in(client, person(Role.BOARD_MEMBER))
    page = got(client, DASHBOARD + Q1).content.decode()
    assert "66.7%" not in page
    assert WITHHELD in page and NOTE in page
    assert ">Withheld<" in page

    detail = client.get("/performance/2023Q1/kpi1/").content.decode()
    assert f"{WITHHELD} of {WITHHELD} children" in detail
    assert "66.7" not in detail and NOTE in detail
    assert ">1<" not in detail  # the cell of one child released from custody


def test_board_members_see_no_small_first_time_entrant_count_nor_its_rate(service, client):
    PopulationEstimate.objects.create(year=2022, children_10_17=40_000)
    sign_in(client, person(Role.BOARD_MEMBER))
    response = client.get("/performance/indicators/?period=2022-23")
    page, text = response.content.decode(), text_of(response)
    assert f'<dd class="govuk-summary-list__value">{WITHHELD}</dd>' in page  # 2 entrants
    assert "Rate per 100,000 children aged 10 to 17 Withheld" in text  # 2 / 40,000 = 5.0
    assert "5.0" not in text and NOTE in page


def test_staff_with_child_level_access_see_exact_figures(service, manager):
    page = got(manager, DASHBOARD + Q1).content.decode()
    assert "66.7%" in page and WITHHELD not in page and NOTE not in page


def test_the_threshold_is_a_setting_and_zero_turns_it_off(service, client, settings):
    sign_in(client, person(Role.BOARD_MEMBER))
    settings.CHILDFIRST_SMALL_NUMBER_THRESHOLD = 0
    page = got(client, DASHBOARD + Q1).content.decode()
    assert "66.7%" in page and "fewer than" not in page
    settings.CHILDFIRST_SMALL_NUMBER_THRESHOLD = 4  # 2 of 3: both below 4
    page = got(client, DASHBOARD + Q1).content.decode()
    assert "66.7%" not in page and "fewer than 4" in page


# --- periods outside those counted (issue 12, finding 5) ------------------------------------

ODD_QUARTERS = ["9999Q4", "0000Q1", "0001Q1", "9998Q4", "1066Q2", "2999Q1"]
ODD_YEARS = ["9999-00", "0000-01", "9998-99", "1899-00", "2999-00"]


@pytest.mark.parametrize("quarter", ODD_QUARTERS)
@pytest.mark.parametrize("page", ["", "children/?row=headline"])
def test_a_kpi_page_for_a_quarter_outside_those_counted_is_not_found_saying_why(
    manager, quarter, page
):
    response = manager.get(f"/performance/{quarter}/kpi1/{page}")
    assert response.status_code == 404
    assert title_of(response).startswith("Page not found")
    assert "is outside the periods ChildFirst counts in, 1999-00 to" in text_of(response)


@pytest.mark.parametrize("period", ODD_QUARTERS + ODD_YEARS)
def test_the_children_behind_an_indicator_for_a_period_outside_those_counted_is_not_found(
    manager, period
):
    response = manager.get(f"/performance/indicators/{period}/custody/children/")
    assert response.status_code == 404
    assert "is outside the periods ChildFirst counts in" in text_of(response)


@pytest.mark.parametrize("period", ["2023-25", "2023Q5", "2023-24", "abc"])
def test_a_malformed_period_in_a_web_address_is_not_found_saying_why(manager, period):
    response = manager.get(f"/performance/{period}/kpi1/")
    assert response.status_code == 404
    assert f"There are no figures for '{period}'" in text_of(response)


def test_a_plain_not_found_shows_no_developers_text(manager):
    response = manager.get("/performance/2023Q1/kpi11/")
    assert response.status_code == 404
    assert "No such KPI" not in text_of(response)


@pytest.mark.parametrize("period", ODD_QUARTERS + ODD_YEARS)
def test_the_indicators_page_explains_a_period_outside_those_counted(manager, period):
    response = manager.get(f"/performance/indicators/?period={period}")
    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    assert "Enter a period from 1999-00 to" in text_of(response)


@pytest.mark.parametrize("quarter", ODD_QUARTERS)
def test_the_dashboard_explains_a_quarter_outside_those_counted(manager, quarter):
    response = got(manager, DASHBOARD + f"?period={quarter}")
    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
