"""Awards exported as sacctmgr commands the scheduler will enforce."""

from __future__ import annotations

import pytest

from sori.alloc import (
    Application,
    InputError,
    Rules,
    SelectionProblem,
    SlurmGrant,
    grants_from_result,
    sacctmgr_commands,
    solve,
)


def test_commands_create_account_users_and_gpu_minute_limit() -> None:
    grant = SlurmGrant("sori_g01", "Bitgoeul AI", ("kimjh", "leehs"), 345600, gpu_type="a100")
    assert sacctmgr_commands([grant], cluster="gjaidc") == [
        "sacctmgr -i add account sori_g01 Cluster=gjaidc Description='Sori award for Bitgoeul AI' "
        "Organization='Bitgoeul AI'",
        "sacctmgr -i add user kimjh Account=sori_g01 Cluster=gjaidc",
        "sacctmgr -i add user leehs Account=sori_g01 Cluster=gjaidc",
        "sacctmgr -i modify account where Name=sori_g01 Cluster=gjaidc set GrpTRESMins=gres/gpu:a100=345600",
    ]


def test_unsafe_names_are_refused_not_rewritten() -> None:
    with pytest.raises(InputError) as error:
        sacctmgr_commands([SlurmGrant("Sori G01; rm -rf /", "x", ("Kim JH",), 10)])
    assert [i.path for i in error.value.issues] == ["grants[0].account", "grants[0].users"]


def test_grants_from_a_selection_budget_gpu_minutes_per_unit_month() -> None:
    problem = SelectionProblem(
        months=12,
        capacity={"A100": (8,) * 12},
        applications=(
            Application("G-01", "bitgoeul", 90, "A100", 4, 0, 12),
            Application("G-02", "honam", 80, "A100", 8, 0, 6),
        ),
        rules=Rules(),
        workers=1,
    )
    result = solve(problem)
    grants = grants_from_result(problem, result, accounts={"G-01": "sori_g01", "G-02": "sori_g02"})
    # G-02 cannot fit beside G-01 and is left out; 4 GPUs × 12 months × 43,200 minutes
    assert [(g.account, g.gpu_minutes, g.gpu_type) for g in grants] == [("sori_g01", 4 * 12 * 43200, None)]
