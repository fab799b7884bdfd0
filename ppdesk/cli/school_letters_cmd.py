"""``ppdesk school-letters list|print|queue``: the PIN letters of district verifications,
which the student's school prints (a district office does not print the school's letter).

``queue`` is the district verifier's (after a passed verification at the desk, within its
validity); ``list`` and ``print`` are the school's own staff's (principal, assistant
principal, the school's parent access admin). The PIN never appears on the terminal.
"""

from __future__ import annotations

import click

from ppdesk.cli.common import friendly_errors, login, state, user_option
from ppdesk.domain.pin import PinStatus
from ppdesk.services import school_letters


@click.group("school-letters")
def school_letters_group() -> None:
    """Letters of parents verified by a district office, printed by the school."""


@school_letters_group.command("list")
@click.option("--school", "school_code", help="School code (default: every school you may use).")
@user_option
@friendly_errors
def list_letters(school_code: str | None, user: str | None) -> None:
    """The letters waiting for your school to print, oldest first (no PIN shown)."""
    session = login(user)
    rows = school_letters.letters_to_print(state().runtime().ctx, session, school_code=school_code)
    if not rows:
        click.echo("No letter is waiting.")
        return
    for r in rows:
        how = "on video" if r.mode == "video" else "in person at the district office"
        pin = (
            "PIN active"
            if r.pin_status == PinStatus.ACTIVE
            else f"PIN {r.pin_status}: cannot print"
        )
        click.echo(
            f"{r.id}\t{r.school_code}\t{r.student_number}\t{r.student_name}\t{r.guardian_name}"
            f"\tverified {how} by {r.queued_by} on {r.queued_at:%Y-%m-%d %H:%M} UTC\t{pin}"
        )


@school_letters_group.command("print")
@click.argument("letter_id", type=int)
@click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The PDF file to write.",
)
@click.option("--language", default="auto", show_default=True, help="auto or a language code.")
@click.option("--bilingual", is_flag=True, help="Home language and English on the same sheet.")
@user_option
@friendly_errors
def print_letter(
    letter_id: int, out_path: str, language: str, bilingual: bool, user: str | None
) -> None:
    """Print one waiting letter (LETTER_ID from `list`) to a PDF; it leaves the list."""
    session = login(user)
    result = school_letters.print_queued_letter(
        state().runtime().ctx,
        session,
        letter_id,
        out_path,
        language=language,
        bilingual=bilingual,
    )
    click.echo(f"Printed 1 letter on {result.pages} page(s). File: {result.path}")


@school_letters_group.command("queue")
@click.option(
    "--guardian-link",
    "link_ref",
    required=True,
    metavar="LINK",
    help="STUDENT_ID:GUARDIAN NAME (e.g. 1234567:Maria Lopez) or the link id.",
)
@click.option("--reissue", is_flag=True, help="Replace the guardian's active PIN.")
@click.option("--reason", default=None, help="Why the PIN is replaced (with --reissue).")
@user_option
@friendly_errors
def queue_letter(link_ref: str, reissue: bool, reason: str | None, user: str | None) -> None:
    """District verifiers: after your passed verification of the guardian, send the PIN
    letter to the student's school to print (a PIN is issued if none is active)."""
    from ppdesk.cli.letters_cmd import link_id_of

    session = login(user)
    ctx = state().runtime().ctx
    queued = school_letters.queue_for_school(
        ctx, session, link_id_of(ctx, session, link_ref), reissue=reissue, reason=reason
    )
    click.echo(
        f"The letter waits at {queued.school_code} {queued.school_name} for the school to "
        f"print (letter {queued.letter_id}); "
        + ("a new PIN was issued" if queued.new_pin else "it carries the active PIN")
        + f", valid until {queued.pin_expires_at:%Y-%m-%d}."
    )


commands = [school_letters_group]
