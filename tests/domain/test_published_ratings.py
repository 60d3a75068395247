"""The engine reproduces published inspection ratings from the seed documents."""

from childfirst.domain.inspection import (
    Source,
    court_sample_size,
    load_framework,
    out_of_court_sample_size,
    rate_inspection,
)

from .seeds import (
    KENT,
    kent_published_ratings,
    kingston_key_question_counts,
    kingston_prompt_rows,
    kingston_published_ratings,
)

FRAMEWORK = load_framework("hmip-youth-2018")


def test_kingston_and_richmond_every_standard_and_24_of_36_good():
    published, published_score = kingston_published_ratings()
    assert len(published) == 12 and published_score == 24  # the parser read the table
    counts = kingston_key_question_counts(FRAMEWORK)
    assert sorted(counts) == ["2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4"]
    domain1 = {n: FRAMEWORK.rating(published[n]) for n in ("1.1", "1.2", "1.3", "1.4")}

    result = rate_inspection(FRAMEWORK, "Kingston and Richmond", counts, domain1)

    for number, rating in published.items():
        standard = result.standard(number)
        assert standard.rating is not None and standard.rating.name == rating, number
        if number[0] != "1":
            assert standard.source is Source.COMPUTED
    assert result.overall.score == 24
    assert result.overall.max_score == 36
    assert result.overall.rating is not None and result.overall.rating.name == "Good"
    assert result.overall.missing == ()


def test_kingston_and_richmond_counts_worked_by_hand():
    # 2.1: 7/8, 6/8, 7/8 -> lowest 75% -> Good; 3.3: 3/6, 1/5, 0/3 -> 0% -> Inadequate.
    counts = kingston_key_question_counts(FRAMEWORK)
    assert [(c.relevant, c.yes) for c in counts["2.1"]] == [(8, 7), (8, 6), (8, 7)]
    assert [(c.relevant, c.yes) for c in counts["3.3"]] == [(6, 3), (5, 1), (3, 0)]
    assert [(c.relevant, c.yes) for c in counts["3.4"]] == [(6, 6), (3, 2)]
    result = rate_inspection(FRAMEWORK, "", counts)
    assert result.standard("2.1").limiting.count.yes == 6
    assert result.standard("3.4").limiting.question.number == 2


def test_every_prompt_is_worded_as_in_the_report():
    # Each framework prompt is a row of the report's tables for that standard, in order.
    split_across_a_footnote = {
        "Does planning take sufficient account of opportunities for community integration, "
        "including access to mainstream services following completion of out of court "
        "disposal work?"
    }
    for standard in FRAMEWORK.standards:
        if standard.domain_number == 1:
            continue
        rows = kingston_prompt_rows(standard.number)
        printed = [
            p.text
            for q in standard.key_questions
            for p in q.prompts
            if p.text not in split_across_a_footnote
        ]
        found = [r for r in rows if r in printed]
        assert found == printed, standard.number


def test_kent_2021_twelve_ratings_give_18_requires_improvement():
    published, overall = kent_published_ratings()
    assert len(published) == 12
    domain1 = {n: FRAMEWORK.rating(r) for n, r in published.items() if n.startswith("1.")}
    given = {n: FRAMEWORK.rating(r) for n, r in published.items() if not n.startswith("1.")}
    result = rate_inspection(FRAMEWORK, "Kent", given={**domain1, **given})
    assert result.overall.score == 18
    assert result.overall.rating is not None
    assert result.overall.rating.name == overall == "Requires improvement"


def test_kent_2021_sample_sizes():
    text = KENT.read_text(encoding="utf-8")
    assert "audited 39 court disposal cases" in text and "audited 26 out of court" in text
    # 50 eligible court cases is the population whose corrected sample rounds up to 39.
    assert court_sample_size(50) == 39
    assert out_of_court_sample_size(39, 100) == 26


def test_kingston_and_richmond_sample_sizes():
    assert court_sample_size(8) == 8
    assert out_of_court_sample_size(court_sample_size(8), 148) == 6
