"""Chinese wording of dates and issue numbers, in one place."""

from __future__ import annotations

import datetime as dt

from generator.content.model import Issue


def cn_date(day: dt.date | None) -> str:
    """``2026年3月12日``: how dates are written in official documents."""
    return "" if day is None else f"{day.year}年{day.month}月{day.day}日"


def cn_moment(moment: dt.datetime | None) -> str:
    """``11月3日8:10``: a moment within a 通报's period."""
    return (
        "" if moment is None else f"{moment.month}月{moment.day}日{moment.hour}:{moment.minute:02d}"
    )


def cn_minutes(minutes: int) -> str:
    """``95分钟``, ``2小时``, ``1小时5分钟``: a time limit or a delay."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest}分钟"
    return f"{hours}小时" + (f"{rest}分钟" if rest else "")


def sentence(text: str) -> str:
    """``text`` ending as a Chinese sentence does: 「改为“春夏”」 → 「改为“春夏”。」."""
    text = text.strip()
    return text if not text or text[-1] in "。！？…" else f"{text}。"


def issue_number(issue: Issue) -> str:
    """``2026年第35期``."""
    return f"{issue.year}年第{issue.number}期"


def full_number(issue: Issue, total: int) -> str:
    """``2026年第35期(总第1234期)``."""
    return f"{issue_number(issue)}（总第{total}期）"


def month_label(year: int, month: int) -> str:
    return f"{year}年{month}月"
