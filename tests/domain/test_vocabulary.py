"""The YJB's vocabulary: the codes stored in the database and the labels people read."""

from childfirst.domain.kpi.vocabulary import (
    AGE_OF_CRIMINAL_RESPONSIBILITY,
    ORDER_GROUPS,
    OUT_OF_COURT_GROUPS,
    SERIOUS_VIOLENCE_CATEGORIES,
    OffenceCategory,
    OrderGroup,
    Tier,
    is_youth_justice_age,
)


def test_the_six_order_groups_in_the_templates_column_order():
    assert ORDER_GROUPS == ("oocd", "youth_caution", "ycc", "referral_order", "yro", "custody")
    assert all(type(code) is str for code in ORDER_GROUPS)
    assert [group.label for group in OrderGroup] == [
        "Out-of-court disposals with YJS intervention",
        "Youth cautions with YJS intervention",
        "Youth conditional cautions",
        "Referral orders",
        "Youth rehabilitation orders",
        "Custodial sentences",
    ]
    assert OUT_OF_COURT_GROUPS == ("oocd", "youth_caution", "ycc")


def test_tiers():
    assert [(tier.value, tier.label) for tier in Tier] == [
        ("informal", "Informal out-of-court"),
        ("pre_court", "Pre-court (caution)"),
        ("first_tier", "First tier"),
        ("community", "Community"),
        ("custody", "Custody"),
        ("remand", "Bail and remand"),
    ]


def test_members_are_their_codes():
    """Codes read from the database compare equal to the members, and look the same."""
    assert Tier.REMAND == "remand" and "remand" in {Tier.REMAND}
    assert f"{OrderGroup.YCC}:end" == "ycc:end"
    assert OffenceCategory("vatp") is OffenceCategory.VIOLENCE_AGAINST_THE_PERSON


def test_every_offence_category_has_a_label():
    assert len(OffenceCategory) == 18
    assert all(category.label for category in OffenceCategory)
    assert OffenceCategory.THEFT_AND_HANDLING.label == "Theft and handling stolen goods"


def test_serious_violence_in_the_kpi_9_tables_order():
    assert [(c.value, c.label) for c in SERIOUS_VIOLENCE_CATEGORIES] == [
        ("drugs", "Drugs"),
        ("robbery", "Robbery"),
        ("vatp", "Violence against the person"),
    ]


def test_youth_justice_ages_are_10_to_17():
    assert AGE_OF_CRIMINAL_RESPONSIBILITY == 10
    assert [age for age in range(0, 30) if is_youth_justice_age(age)] == list(range(10, 18))
