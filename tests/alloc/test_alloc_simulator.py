"""The policy simulator: deterministic, and 12-month terms with renewal keep projects running."""

from __future__ import annotations

import pytest

from sori.alloc import (
    InputError,
    Project,
    RuleSet,
    SimulationConfig,
    comparison_table,
    comparison_to_json,
    config_from_json,
    simulate,
)

SIX = RuleSet("6-month re-selection", term_months=6)
TWELVE = RuleSet("12-month + renewal", term_months=12, renewal=True, max_renewals=2, call_interval_months=6)


def test_same_seed_same_answer_other_seed_other_answer() -> None:
    config = SimulationConfig(rule_sets=(SIX, TWELVE), seed=11)
    assert simulate(config) == simulate(config)
    assert simulate(config) != simulate(SimulationConfig(rule_sets=(SIX, TWELVE), seed=12))


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_twelve_month_terms_with_renewal_give_more_continuity_and_fewer_full_reviews(seed: int) -> None:
    six, twelve = simulate(SimulationConfig(rule_sets=(SIX, TWELVE), seed=seed)).outcomes
    assert twelve.continuity > six.continuity
    assert twelve.full_reviews < six.full_reviews
    assert twelve.renewal_reviews > 0 == six.renewal_reviews
    assert twelve.review_hours < six.review_hours


def test_given_history_is_simulated_by_hand_checkable_rules() -> None:
    # two projects that each need the whole pool for 12 months; the first waits for nobody
    projects = (
        Project("first", arrival=0, duration=12, amount=4, quality=90, usage=0.9),
        Project("late", arrival=1, duration=12, amount=4, quality=95, usage=0.9),
    )
    config = SimulationConfig(
        rule_sets=(SIX, TWELVE), years=2, capacity=4, projects=projects, review_noise=0.0
    )
    six, twelve = simulate(config).outcomes
    # re-selection: at month 6 the better-scored late project takes over, the first is interrupted
    assert (six.served, six.continuity, six.mean_wait_months) == (2, 0.5, 2.5)
    # renewal: the first keeps its award to month 12, the late project starts then
    assert (twelve.served, twelve.continuity, twelve.mean_wait_months) == (2, 1.0, 5.5)
    assert twelve.renewal_reviews == 0 and twelve.full_reviews == 3
    # the pool is busy in months 0..12 only (the late project's need ends after month 12): 13 of 24 months
    assert six.utilisation == twelve.utilisation == pytest.approx(13 / 24)


def test_config_from_json_table_and_chart_data() -> None:
    config = config_from_json(
        {
            "seed": 3,
            "years": 4,
            "capacity": 32,
            "demand": {"projects": 60},
            "rule_sets": [
                {"name": "6개월 재선정", "term_months": 6},
                {"name": "12개월 연장", "term_months": 12, "renewal": True, "max_renewals": 2},
            ],
        }
    )
    comparison = simulate(config)
    table = comparison_table(comparison)
    assert "6개월 재선정" in table and "Continuity" in table and "Review hours" in table
    data = comparison_to_json(comparison)
    assert [len(o["yearly_utilisation"]) for o in data["outcomes"]] == [4, 4]


def test_bad_config_names_the_field() -> None:
    with pytest.raises(InputError) as error:
        config_from_json({"rule_sets": [{"name": "a", "term_months": 0}, {"name": "a", "term_months": 6}]})
    paths = [i.path for i in error.value.issues]
    assert paths == ["rule_sets[0].term_months", "rule_sets[1].name"]
    with pytest.raises(InputError) as error:
        config_from_json({"years": 2})
    assert [i.path for i in error.value.issues] == ["rule_sets"]
