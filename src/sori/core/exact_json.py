"""A JSON serialization format that keeps datetimes to the microsecond, for backups.

Django's JSON encoder cuts times to milliseconds, which is fine for an API but not for a backup: restored
rows must equal the rows backed up. Registered as ``sorijson`` in ``SERIALIZATION_MODULES``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.utils.timezone import is_aware


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time):
            if is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def start_serialization(self) -> None:
        self.options.setdefault("cls", ExactEncoder)
        super().start_serialization()


Deserializer = JSONDeserializer
