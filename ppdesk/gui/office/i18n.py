"""The interface language: installing the Qt translator chosen in the settings, and the
translated labels of strings that come from the domain (role names, tab titles).

Every visible string goes through ``self.tr()`` / ``QCoreApplication.translate`` (module
constants through ``QT_TRANSLATE_NOOP``); values are filled in with ``fmt`` (``%1``, ``%2``).
After changing strings, refresh the Spanish catalogue and compile it::

    pyside6-lupdate -no-obsolete ppdesk/gui/*.py ppdesk/gui/office/*.py ui/*.ui \
        ppdesk/domain/messages.py -ts resources/translations/ppdesk_es.ts
    # translate the new entries (Qt Linguist, or edit the .ts), then
    pyside6-lrelease resources/translations/ppdesk_es.ts -qm resources/translations/ppdesk_es.qm

``tests/gui/test_office_spanish.py`` walks the screens in Spanish and names any string left
in English.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QTranslator

from ppdesk.domain.roles import ROLE_LABELS, Role


def translations_dir() -> Path:
    """``resources/translations``: beside the package, or inside a PyInstaller bundle."""
    import sys

    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[3]
    return root / "resources" / "translations"


UI_LANGUAGES = {"en": "English", "es": "Español"}

# The domain's role labels, listed so pyside6-lupdate extracts them (context "roles").
_ROLE_SOURCES = (
    QT_TRANSLATE_NOOP("roles", "Principal"),
    QT_TRANSLATE_NOOP("roles", "Assistant principal"),
    QT_TRANSLATE_NOOP("roles", "Parent access account administrator"),
    QT_TRANSLATE_NOOP("roles", "Office staff"),
    QT_TRANSLATE_NOOP("roles", "Teacher"),
    QT_TRANSLATE_NOOP("roles", "District administrator"),
)

# Office tab titles (TabSpec.title is plain text; the main window translates it here).
_TAB_SOURCES = (
    QT_TRANSLATE_NOOP("office", "Roster"),
    QT_TRANSLATE_NOOP("office", "Letters"),
    QT_TRANSLATE_NOOP("office", "Letters to print"),
    QT_TRANSLATE_NOOP("office", "Audit"),
    QT_TRANSLATE_NOOP("office", "Staff and roles"),
    QT_TRANSLATE_NOOP("office", "Import"),
    QT_TRANSLATE_NOOP("office", "Settings"),
)

# What each office tab is for (its tooltip, which screen readers read as its description).
_TAB_DESCRIPTIONS = {
    "Roster": QT_TRANSLATE_NOOP(
        "office", "Every student and guardian of your schools, with their PINs."
    ),
    "Letters": QT_TRANSLATE_NOOP("office", "Print PIN letters for a whole school or grade."),
    "Letters to print": QT_TRANSLATE_NOOP(
        "office", "PIN letters of district verifications waiting to be printed here."
    ),
    "Audit": QT_TRANSLATE_NOOP("office", "Who did what, when: the audit trail."),
    "Staff and roles": QT_TRANSLATE_NOOP("office", "Staff accounts and the roles they hold."),
    "Import": QT_TRANSLATE_NOOP("office", "Bring students and guardians in from the SIS."),
    "Settings": QT_TRANSLATE_NOOP("office", "The database, the school profile and this desk."),
}

_installed: list[QTranslator] = []


def role_label(role: Role) -> str:
    """The role's name in the interface language."""
    return QCoreApplication.translate("roles", ROLE_LABELS[role])


def tab_title(title: str) -> str:
    return QCoreApplication.translate("office", title)


def tab_description(title: str) -> str:
    """What the office tab titled ``title`` is for, in the interface language."""
    return QCoreApplication.translate("office", _TAB_DESCRIPTIONS[title])


def install_translator(language: str) -> bool:
    """Install the translator for ``language`` ("en" removes any); True if one is active.

    Widgets built afterwards come up in that language; open ones keep theirs until rebuilt.
    """
    app = QCoreApplication.instance()
    if app is None:
        return False
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return False
    translator = QTranslator(app)
    if not translator.load(str(translations_dir() / f"ppdesk_{language}.qm")):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    QLocale.setDefault(QLocale(language))
    # Qt's own strings (standard buttons, file dialogs) where Qt ships them.
    from PySide6.QtCore import QLibraryInfo

    base = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if base.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(base)
        _installed.append(base)
    return True


def fmt(template: str, *args: object) -> str:
    """Fill ``%1``, ``%2``… of a translated template (Qt's placeholders; translators may
    reorder them). Highest number first so ``%1`` never eats the start of ``%10``."""
    for number in range(len(args), 0, -1):
        template = template.replace(f"%{number}", str(args[number - 1]))
    return template


def configured_language() -> str:
    """``ui_language`` from the settings file, read before the database layer is loaded.

    The settings store imports the database libraries; the login dialog must come up first,
    so this reads the one key with tomllib from the same place (``PPDESK_CONFIG_DIR`` or the
    user's config folder). Anything unreadable means English.
    """
    import os
    import tomllib

    from platformdirs import user_config_dir

    folder = os.environ.get("PPDESK_CONFIG_DIR") or user_config_dir("ppdesk", appauthor=False)
    try:
        data = tomllib.loads((Path(folder) / "settings.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "en"
    language = data.get("ui_language", "en")
    return language if language in UI_LANGUAGES else "en"
