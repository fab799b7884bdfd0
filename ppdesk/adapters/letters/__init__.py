"""PIN letters as PDF: templates per language, fonts, the reportlab renderer.

Public API::

    render_letters(path, letters, *, school, options, total=None, progress=None,
                   is_cancelled=None) -> RenderResult
    open_letters(path, *, school, options, total=None, progress=None,
                 is_cancelled=None) -> context manager of a LetterWriter (``add(letters)``,
                 ``cancelled``, ``result``): the caller feeds the letters batch by batch
    render_sign_out_sheets(path, letters, *, school, options, progress=None,
                           is_cancelled=None) -> RenderResult
    choose_language(preferred, available) -> str
    load_template(path) / load_templates(folder=None) / available_languages(folder=None)
    LetterData, SchoolLetterhead, LetterOptions, RenderResult, TemplateError
    unprintable(text) -> str   (characters no shipped font can print)
"""

from ppdesk.adapters.letters import fonts as _fonts
from ppdesk.adapters.letters.languages import choose_language
from ppdesk.adapters.letters.model import LetterData, LetterOptions, RenderResult, SchoolLetterhead
from ppdesk.adapters.letters.render import (
    LetterWriter,
    open_letters,
    render_letters,
    render_sign_out_sheets,
)
from ppdesk.adapters.letters.templates import (
    LetterTemplate,
    TemplateError,
    available_languages,
    load_template,
    load_templates,
)


def unprintable(text: str) -> str:
    """The characters of ``text`` that no shipped font can print, in order, once each."""
    _fonts.register_all()
    missing = _fonts.missing_glyphs(text)
    return "".join(dict.fromkeys(c for c in text if c in missing))


__all__ = [
    "LetterData",
    "LetterOptions",
    "LetterTemplate",
    "LetterWriter",
    "RenderResult",
    "SchoolLetterhead",
    "TemplateError",
    "available_languages",
    "choose_language",
    "load_template",
    "load_templates",
    "open_letters",
    "render_letters",
    "render_sign_out_sheets",
    "unprintable",
]
