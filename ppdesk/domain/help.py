"""What the Help menu shows (reference guide sections XI and XII).

The school's own support contacts come from the workstation settings; the district's
trainings, quick guides and outreach tools are the links the reference guide names; the
counter guide is ppdesk's own short summary of the section IV flow.
"""

from __future__ import annotations

from dataclasses import dataclass

# Section XI: quick guides, video tutorials and technical support; section XII: tools for
# schools. Titles as the guide gives them.
GUIDE_LINKS: tuple[tuple[str, str], ...] = (
    ("Parent Portal home page: quick guides and video tutorials", "https://achieve.lausd.net/Page/10470"),
    ("Tools for Schools: presentation, facilitator guide, sample PIN letter, job aids", "https://achieve.lausd.net/Page/10471"),
    ("Parent Portal (parents' sign-in)", "https://parentportalapp.lausd.net/parentaccess/"),
    ("ITD Helpdesk", "https://achieve.lausd.net/itd"),
    ("Whole Child", "https://achieve.lausd.net/wholechild"),
)  # fmt: skip

# Section XI: each Local District's Parent and Community Engagement (PACE) team trains staff.
PACE_TEAMS: tuple[tuple[str, str, str], ...] = (
    ("Central", "(213) 241-0126", "https://achieve.lausd.net/ldcentral"),
    ("East", "(323) 224-3100", "https://achieve.lausd.net/ldeast"),
    ("Northeast", "(818) 252-5400", "https://achieve.lausd.net/northeast"),
    ("Northwest", "(818) 654-3600", "https://achieve.lausd.net/northwest"),
    ("South", "(310) 354-3400", "https://achieve.lausd.net/ldsouth"),
    ("West", "(310) 914-2100", "https://achieve.lausd.net/ldwest"),
)

# Section XI's defaults, used when the workstation's settings name none.
DEFAULT_IT_HELP_DESK = "ITD Helpdesk (213) 241-5200, itd.lausd.net"
DEFAULT_PORTAL_HOTLINE = "Office of Parent and Community Services (213) 481-3350"

COUNTER_GUIDE = (
    "1. Find the student (ID or name) or the parent (name, phone, email).",
    "2. Check the guardian is the verified parent and legal guardian; if not, stop: the "
    "status is updated in the student information system first.",
    "3. Verify identity: in person or on a live video call; ask the five questions and type "
    "the answers as given; check the photo ID.",
    "4. After a passed check: issue or show the PIN, print the letter (or read it by phone "
    "after a video check only).",
    "5. Three failed checks in 24 hours lock the guardian: a principal or assistant "
    "principal reviews the attempts and unlocks.",
    "6. A parent who cannot link on the portal: the student view shows the failed attempts, "
    "\u201cCheck a PIN\u201d and \u201cClear the redemption lock\u201d.",
)


@dataclass(frozen=True)
class SupportContacts:
    parent_engagement: str | None
    it_help_desk: str
    portal_hotline: str
    pace_team: tuple[str, str, str] | None  # the school's local district's PACE team


def support_contacts(settings: object, local_district: str | None = None) -> SupportContacts:
    """The contacts for this workstation's school (settings; section XI defaults)."""
    pace = next((t for t in PACE_TEAMS if local_district and t[0] == local_district), None)
    return SupportContacts(
        getattr(settings, "support_parent_engagement", None) or None,
        getattr(settings, "support_it_help_desk", None) or DEFAULT_IT_HELP_DESK,
        getattr(settings, "support_portal_hotline", None) or DEFAULT_PORTAL_HOTLINE,
        pace,
    )
