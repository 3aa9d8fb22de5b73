"""Help lines, in one place: the safety reply's template and every interface get them from here.

Verified US and UK lines plus a generic fallback. `short` is how the reply's text
names a line ("911 in the US"), so the numbers are written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HelpLine:
    """A service to contact, and who it is for."""

    name: str
    contact: str
    region: str
    note: str
    short: str = ""  # how the reply's text names it, when it does

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "contact": self.contact, "region": self.region,
                "note": self.note}


EMERGENCY = (
    HelpLine("Emergency services (US)", "Call 911", "US", "If you are in danger right now.",
             short="911 in the US"),
    HelpLine("Emergency services (UK)", "Call 999", "UK",
             "If you can't speak, press 55 when asked (from a mobile).", short="999 in the UK"),
)
ABUSE = (
    HelpLine("National Domestic Violence Hotline",
             "1-800-799-7233, or text START to 88788, or chat at thehotline.org", "US",
             "Free, confidential, 24/7; also talks with people worried about their own "
             "behaviour."),
    HelpLine("National Domestic Abuse Helpline (Refuge)", "0808 2000 247", "UK", "Free, 24/7."),
    HelpLine("Men's Advice Line", "0808 801 0327", "UK", "For men experiencing domestic abuse."),
    HelpLine("National LGBT+ Domestic Abuse Helpline", "0800 999 5428", "UK", "For LGBT+ people."),
)
CRISIS = (
    HelpLine("988 Suicide & Crisis Lifeline", "Call or text 988", "US", "Free, 24/7.",
             short="call or text 988 in the US"),
    HelpLine("Crisis Text Line", "Text HOME to 741741", "US", "Free, 24/7."),
    HelpLine("Samaritans", "116 123", "UK", "Free, 24/7.",
             short="call Samaritans on 116 123 in the UK"),
)
RESPECT = (
    HelpLine("Respect Phoneline", "0808 802 4040", "UK",
             "For people worried about their own behaviour towards a partner."),
)
ELSEWHERE = HelpLine("Anywhere else",
                     "Your local emergency number, or a local domestic abuse or crisis helpline",
                     "other", "Help lines differ by country.")


def help_lines(category: str, action: str) -> list[HelpLine]:
    """The lines to show for a flagged message, most urgent first."""
    lines: tuple[HelpLine, ...]
    if category == "self_harm":
        lines = CRISIS + ABUSE[:2] if action == "check_in" else CRISIS
    elif category == "harm_to_partner":
        lines = ABUSE[:1] + RESPECT
    else:
        lines = ABUSE
    first = EMERGENCY if action in ("crisis", "support") else ()
    return [*first, *lines, ELSEWHERE]
