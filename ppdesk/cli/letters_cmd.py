"""``ppdesk letters``: print Parent Portal PIN letters to a PDF (never prints a PIN here)."""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType

import click

from ppdesk.cli.common import friendly_errors, login, state, user_option
from ppdesk.services import letters


def _print_plan(plan: letters.BulkPlan) -> None:
    where = plan.school_name + (f", grade {plan.grade}" if plan.grade else "")
    where += f", homeroom {plan.homeroom}" if plan.homeroom else ""
    click.echo(
        f"{where}: {plan.letters} letter(s) in {plan.homerooms} homeroom(s); "
        f"{plan.new_pins_needed} new held PIN(s) would be issued, {plan.existing_pins} held "
        "letter(s) reprinted. A held PIN works only once the letter is handed over at the "
        "office after a photo ID check."
    )
    langs = ", ".join(f"{code} {n}" for code, n in plan.languages.items())
    if langs:
        click.echo(f"Languages: {langs}")
    click.echo(
        f"No letter: {plan.skipped_not_verified} not verified legal guardian(s), "
        f"{plan.skipped_registered} already registered, {plan.skipped_already_linked} already "
        f"linked to the student, {plan.skipped_locked} locked, {plan.skipped_live} with a live PIN."
    )
    for warning in plan.unprintable_names:
        click.echo(f"Warning: {warning}")


def _print_result(result: letters.LetterRunResult) -> None:
    if result.cancelled:
        click.echo("Cancelled: no file was written, no PIN issued, nothing recorded as printed.")
        return
    langs = ", ".join(f"{code} {n}" for code, n in result.languages.items())
    click.echo(
        f"Printed {result.letters} letter(s) on {result.pages} page(s)"
        + (f" ({result.sign_out_pages} sign-out sheet page(s))" if result.sign_out_pages else "")
        + f"; {result.new_pins} new held PIN(s) issued, {result.reused_pins} held letter(s) "
        "reprinted. Hand each letter over at the desk (letter number) after a verification."
    )
    if langs:
        click.echo(f"Languages: {langs}")
    click.echo(f"File: {result.path}")


class _Interrupt:
    """Ctrl-C cancels the run cleanly (rolled back, file discarded) instead of killing it."""

    def __init__(self) -> None:
        self.requested = False
        self._previous: object = None

    def __enter__(self) -> _Interrupt:
        # Signal handlers can only be set from the main thread (not under a test runner's
        # worker thread); there Ctrl-C keeps its default effect.
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._on_signal)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]

    def _on_signal(self, _signum: int, _frame: FrameType | None) -> None:
        self.requested = True

    def __call__(self) -> bool:
        return self.requested


@click.command("letters")
@click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The PDF file to write.",
)
@click.option("--school", "school_code", help="School code (default: your one school).")
@click.option("--grade", help="Only this grade (TK, K, 1 ... 12).")
@click.option("--homeroom", help="Only this homeroom (its name, or a unique part of it).")
@click.option(
    "--language",
    default="auto",
    show_default=True,
    help="auto (each guardian's preferred language) or a code: en, es, ko, hy, zh, tl, vi, ru.",
)
@click.option(
    "--unregistered-only", is_flag=True, help="Only guardians with no Parent Portal account yet."
)
@click.option(
    "--bilingual",
    is_flag=True,
    help="Home language and English side by side (two pages per letter).",
)
@click.option("--no-sign-out-sheets", is_flag=True, help="Leave out the homeroom sign-out sheets.")
@click.option(
    "--guardian-link",
    "link_ref",
    metavar="LINK",
    help="One guardian's letter, after a verification at the counter: STUDENT_ID:NAME "
    "(the student's ID and the guardian's name, e.g. 1234567:Maria Lopez) or the link id "
    "shown in the student view's guardian list.",
)
@click.option("--dry-run", is_flag=True, help="Only say how many letters and new PINs.")
@user_option
@friendly_errors
def letters_command(
    out_path: str,
    school_code: str | None,
    grade: str | None,
    homeroom: str | None,
    language: str,
    unregistered_only: bool,
    bilingual: bool,
    no_sign_out_sheets: bool,
    link_ref: str | None,
    dry_run: bool,
    user: str | None,
) -> None:
    """Print Parent Portal PIN letters: one guardian's (--guardian-link), or a school,
    grade or homeroom (principals and assistant principals), issuing PINs where none is
    active. Ctrl-C cancels a bulk run without leaving a file."""
    session = login(user)
    ctx = state().runtime().ctx
    link_id = link_id_of(ctx, session, link_ref) if link_ref is not None else None
    if link_id is not None:
        if grade or homeroom or unregistered_only or school_code:
            raise click.UsageError(
                "--guardian-link prints one letter: leave out --school, --grade, --homeroom "
                "and --unregistered-only."
            )
        _print_result(
            letters.single_letter(
                ctx, session, link_id, out_path, language=language, bilingual=bilingual
            )
        )
        return
    if dry_run:
        _print_plan(
            letters.plan_bulk(
                ctx,
                session,
                school_code=school_code,
                grade=grade,
                homeroom=homeroom,
                unregistered_only=unregistered_only,
                language=language,
            )
        )
        return
    from ppdesk.cli.progress import progress_printer

    progress = progress_printer("letters")
    with _Interrupt() as interrupted:
        result = letters.bulk_letters(
            ctx,
            session,
            out_path,
            school_code=school_code,
            grade=grade,
            homeroom=homeroom,
            unregistered_only=unregistered_only,
            language=language,
            bilingual=bilingual,
            sign_out_sheets=not no_sign_out_sheets,
            progress=progress,
            is_cancelled=interrupted,
        )
    _print_result(result)
    if result.cancelled:
        sys.exit(1)


def link_id_of(ctx: object, session: object, ref: str) -> int:
    """``--guardian-link``: a link id, or STUDENT_ID:GUARDIAN NAME."""
    from ppdesk.services.lookup import find_guardian_link

    ref = ref.strip()
    if ref.isdigit():
        return int(ref)
    student, sep, name = ref.partition(":")
    if not sep or not student.strip() or not name.strip():
        raise click.BadParameter(
            "give STUDENT_ID:GUARDIAN NAME (e.g. 1234567:Maria Lopez) or a link id.",
            param_hint="--guardian-link",
        )
    return find_guardian_link(ctx, session, student.strip(), name.strip())  # type: ignore[arg-type]


commands = [letters_command]
