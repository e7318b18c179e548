"""Turning a date and a time on the organization's wall clock into an instant, honestly: a time
that does not exist (the spring-forward gap) is refused, not silently shifted."""

import datetime as dt
from zoneinfo import ZoneInfo

from socialops.actions import ActionError


def local_to_aware(day: dt.date, time: dt.time, zone: str) -> dt.datetime:
    tz = ZoneInfo(zone)
    naive = dt.datetime.combine(day, time)
    aware = naive.replace(tzinfo=tz)
    if aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != naive:
        raise ActionError(
            f"{time:%H:%M} does not exist on {day:%B} {day.day} in {zone}: the clocks jump "
            "forward an hour that night. Pick another time.",
            field="scheduled_at",
        )
    # In the repeated hour of the autumn change, the first (daylight) occurrence is meant.
    return aware


def aware_or_local(value: dt.datetime, zone: str) -> dt.datetime:
    """An API datetime: kept if it carries an offset, read on the organization's clock if not."""
    if value.tzinfo is not None:
        return value
    return local_to_aware(value.date(), value.time(), zone)
