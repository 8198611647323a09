"""JSON in and out for the policy simulator, and its plain-text comparison table."""

from __future__ import annotations

from typing import Any

from sori.alloc._errors import InputError, Issue
from sori.alloc._fields import Reader
from sori.alloc._simulate import Comparison, DemandModel, Project, RuleSet, SimulationConfig

CONFIG_FIELDS = (
    "seed",
    "years",
    "capacity",
    "runs",
    "demand",
    "projects",
    "rule_sets",
    "review_noise",
    "full_review_hours",
    "renewal_review_hours",
)
DEMAND_FIELDS = (
    "projects",
    "initial_share",
    "amounts",
    "duration_min",
    "duration_max",
    "quality_mean",
    "quality_sd",
    "usage_mean",
)
RULE_FIELDS = ("name", "term_months", "renewal", "max_renewals", "renewal_min_usage", "call_interval_months")
PROJECT_FIELDS = ("id", "arrival", "duration", "amount", "quality", "usage")


def config_from_json(data: object) -> SimulationConfig:
    """Build a :class:`SimulationConfig`; raise :class:`InputError` naming every bad field."""
    issues: list[Issue] = []
    top = Reader(data, "", issues, CONFIG_FIELDS)
    if not top.data:
        raise InputError(issues or [Issue("(top level)", "is empty; see docs/alloc.md for the format")])
    rule_sets = []
    for index, item in enumerate(top.array("rule_sets")):
        r = Reader(item, f"rule_sets[{index}]", issues, RULE_FIELDS)
        if r.data:
            rule_sets.append(
                RuleSet(
                    name=r.text("name"),
                    term_months=r.integer("term_months", minimum=1),
                    renewal=r.boolean("renewal", False),
                    max_renewals=r.integer("max_renewals", 0, minimum=0),
                    renewal_min_usage=r.number("renewal_min_usage", 0.5, minimum=0.0, maximum=1.0),
                    call_interval_months=r.optional_integer("call_interval_months", minimum=1),
                )
            )
    if not rule_sets and not any(i.path.startswith("rule_sets") for i in issues):
        issues.append(Issue("rule_sets", "needs at least one rule set to simulate"))
    names = [r.name for r in rule_sets]
    for index, name in enumerate(names):
        if name in names[:index]:
            issues.append(
                Issue(f"rule_sets[{index}].name", f"{name!r} is used twice; give each a distinct name")
            )
    d = Reader(top.data.get("demand", {}), "demand", issues, DEMAND_FIELDS)
    amounts = d.array("amounts", required=False)
    if any(isinstance(a, bool) or not isinstance(a, int) or a < 1 for a in amounts):
        issues.append(Issue("demand.amounts", "must be a list of whole numbers ≥ 1 (units per month)"))
        amounts = []
    demand = DemandModel(
        projects=d.integer("projects", 200, minimum=1),
        initial_share=d.number("initial_share", 0.15, minimum=0.0, maximum=1.0),
        amounts=tuple(amounts) or DemandModel.amounts,
        duration_min=d.integer("duration_min", 6, minimum=1),
        duration_max=d.integer("duration_max", 36, minimum=1),
        quality_mean=d.number("quality_mean", 70.0),
        quality_sd=d.number("quality_sd", 10.0, minimum=0.0),
        usage_mean=d.number("usage_mean", 0.75, minimum=0.0, maximum=1.0),
    )
    if demand.duration_min > demand.duration_max:
        issues.append(Issue("demand.duration_min", "must not exceed demand.duration_max"))
    projects = None
    if top.has("projects"):
        projects = tuple(_project(item, index, issues) for index, item in enumerate(top.array("projects")))
    config = SimulationConfig(
        rule_sets=tuple(rule_sets),
        years=top.integer("years", 10, minimum=1),
        capacity=top.integer("capacity", 64, minimum=1),
        seed=top.integer("seed", 1),
        runs=top.integer("runs", 1, minimum=1),
        demand=demand,
        projects=projects,
        review_noise=top.number("review_noise", 8.0, minimum=0.0),
        full_review_hours=top.number("full_review_hours", 6.0, minimum=0.0),
        renewal_review_hours=top.number("renewal_review_hours", 1.5, minimum=0.0),
    )
    if issues:
        raise InputError(issues)
    return config


def _project(item: object, index: int, issues: list[Issue]) -> Project:
    p = Reader(item, f"projects[{index}]", issues, PROJECT_FIELDS)
    usage = p.number("usage", 0.75, minimum=0.0, maximum=1.0)
    return Project(
        id=p.text("id", f"P{index + 1}"),
        arrival=p.integer("arrival", minimum=0),
        duration=p.integer("duration", minimum=1),
        amount=p.integer("amount", minimum=1),
        quality=p.number("quality", 70.0),
        usage=usage,
    )


def comparison_to_json(comparison: Comparison) -> dict[str, Any]:
    """Return the comparison as JSON data (for ``--json`` and for charts)."""
    return {
        "years": comparison.years,
        "capacity": comparison.capacity,
        "runs": comparison.runs,
        "seed": comparison.seed,
        "outcomes": [
            {
                "rule_set": o.rule_set,
                "projects": o.projects,
                "served": o.served,
                "continuity": round(o.continuity, 4),
                "mean_wait_months": round(o.mean_wait_months, 2),
                "median_wait_months": o.median_wait_months,
                "never_served": round(o.never_served, 4),
                "utilisation": round(o.utilisation, 4),
                "used_utilisation": round(o.used_utilisation, 4),
                "full_reviews": o.full_reviews,
                "renewal_reviews": o.renewal_reviews,
                "review_hours": o.review_hours,
                "yearly_utilisation": [round(u, 4) for u in o.yearly_utilisation],
                "yearly_interruption": [round(u, 4) for u in o.yearly_interruption],
            }
            for o in comparison.outcomes
        ],
    }


def comparison_table(comparison: Comparison) -> str:
    """Return a plain-text table: one row per measure, one column per rule set."""
    rows: list[tuple[str, list[str]]] = [
        ("Continuity (연속 이용)", [f"{o.continuity:.1%}" for o in comparison.outcomes]),
        ("Projects served / arrived", [f"{o.served} / {o.projects}" for o in comparison.outcomes]),
        ("Never served (미선정)", [f"{o.never_served:.1%}" for o in comparison.outcomes]),
        (
            "Newcomer wait, months mean (median)",
            [f"{o.mean_wait_months:.1f} ({o.median_wait_months:g})" for o in comparison.outcomes],
        ),
        ("Utilisation, awarded (가동률)", [f"{o.utilisation:.1%}" for o in comparison.outcomes]),
        ("Utilisation, used", [f"{o.used_utilisation:.1%}" for o in comparison.outcomes]),
        ("Full reviews (신규 평가)", [str(o.full_reviews) for o in comparison.outcomes]),
        ("Renewal reviews (연장 평가)", [str(o.renewal_reviews) for o in comparison.outcomes]),
        ("Review hours", [f"{o.review_hours:,.0f}" for o in comparison.outcomes]),
    ]
    headers = [o.rule_set for o in comparison.outcomes]
    label_width = max(_width(label) for label, _ in rows)
    widths = [max(_width(h), *(_width(r[1][i]) for r in rows)) for i, h in enumerate(headers)]
    lines = [
        f"{comparison.years} years, capacity {comparison.capacity} units, {comparison.runs} run(s), "
        f"seed {comparison.seed}",
        _pad("", label_width)
        + "  "
        + "  ".join(_pad(h, w, right=True) for h, w in zip(headers, widths, strict=True)),
    ]
    lines.append("-" * _width(lines[-1]))
    for label, cells in rows:
        lines.append(
            _pad(label, label_width)
            + "  "
            + "  ".join(_pad(c, w, right=True) for c, w in zip(cells, widths, strict=True))
        )
    return "\n".join(lines)


def _width(text: str) -> int:
    # Hangul takes two terminal columns
    return sum(2 if "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e" else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space
