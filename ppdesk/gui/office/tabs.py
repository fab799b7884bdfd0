"""The office tabs in tab order.

Imported only where the office tabs are wanted: the main window, and the preload while the
user types at the login. A tab module that is missing or has no ``TAB`` fails here, at import,
never silently.
"""

from __future__ import annotations

from ppdesk.gui.office import (
    TabSpec,
    audit_tab,
    import_tab,
    letters_tab,
    reporting,
    roster,
    school_letters_tab,
    settings_tab,
    staff_tab,
)


def office_tabs() -> list[TabSpec]:
    return [
        roster.TAB,
        letters_tab.TAB,
        school_letters_tab.TAB,
        reporting.TAB,
        audit_tab.TAB,
        staff_tab.TAB,
        import_tab.TAB,
        settings_tab.TAB,
    ]
