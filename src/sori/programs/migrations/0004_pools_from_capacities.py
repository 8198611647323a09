"""Give every call resource a pool: one per (program operator — or program without one — and resource).

A pool's capacity starts at the earliest first month of the calls drawing on it, with the largest of their
monthly capacities; each call keeps its own number as its extra cap. Awards are booked on their call's pool.
"""

from django.db import migrations


def _pool_name(program, resource, taken):
    owner = program.operator.name if program.operator_id else program.name
    name = f"{owner} {resource}"
    n = 2
    while name in taken:
        name = f"{owner} {resource} ({n})"
        n += 1
    return name


def pools_forward(apps, schema_editor):
    Capacity = apps.get_model("programs", "Capacity")
    Award = apps.get_model("programs", "Award")
    ResourcePool = apps.get_model("programs", "ResourcePool")
    PoolCapacity = apps.get_model("programs", "PoolCapacity")
    groups: dict = {}
    for cap in Capacity.objects.select_related("call__program__operator").order_by("id"):
        program = cap.call.program
        key = (("operator", program.operator_id) if program.operator_id else ("program", program.id), cap.resource)
        groups.setdefault(key, []).append(cap)
    taken = set(ResourcePool.objects.values_list("name", flat=True))
    for (_owner, resource), caps in groups.items():
        program = caps[0].call.program
        name = _pool_name(program, resource, taken)
        taken.add(name)
        pool = ResourcePool.objects.create(
            name=name, resource=resource, operator_id=program.operator_id
        )
        PoolCapacity.objects.create(
            pool=pool,
            from_month=min(c.call.first_month for c in caps),
            units_per_month=max(c.units_per_month or 0 for c in caps),
            reason="공고별 자원 용량에서 옮김",
        )
        for cap in caps:
            cap.pool = pool
            cap.save(update_fields=["pool"])
            Award.objects.filter(call_id=cap.call_id, resource=resource).update(pool=pool)
    # An award whose resource is no longer one of its call's gets a pool of its own name, so none is lost.
    for award in Award.objects.filter(pool__isnull=True).select_related("call__program__operator"):
        program = award.call.program
        name = _pool_name(program, award.resource, set())
        pool = ResourcePool.objects.filter(name=name).first()
        if pool is None:
            pool = ResourcePool.objects.create(name=name, resource=award.resource, operator_id=program.operator_id)
        award.pool = pool
        award.save(update_fields=["pool"])


def pools_backward(apps, schema_editor):
    Capacity = apps.get_model("programs", "Capacity")
    PoolCapacity = apps.get_model("programs", "PoolCapacity")
    # The call keeps its own number; one set only through the pool gets the pool's capacity at its start.
    for cap in Capacity.objects.filter(units_per_month__isnull=True).select_related("call"):
        row = (
            PoolCapacity.objects.filter(pool_id=cap.pool_id, from_month__lte=cap.call.first_month)
            .order_by("-from_month")
            .first()
        )
        cap.units_per_month = row.units_per_month if row else 0
        cap.save(update_fields=["units_per_month"])


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_resource_pools"),
    ]

    operations = [
        migrations.RunPython(pools_forward, pools_backward),
    ]
