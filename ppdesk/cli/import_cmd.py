"""``ppdesk import oneroster|template|write-template``: bring SIS data in (docs/import.md)."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import click

from ppdesk.cli.common import friendly_errors, login, state, user_option
from ppdesk.services import sis_import

#: How many problems and changes are listed before "... and N more".
DEFAULT_SHOW = 50


@click.group("import")
def group() -> None:
    """Import students, guardians and staff from the SIS (checked first, all or nothing)."""


def _progress(stage: str) -> None:
    if stage != "done":
        click.echo(f"... {stage}", err=True)


def _problems(problems: tuple[sis_import.Problem, ...], show: int) -> None:
    if not problems:
        return
    errors = sis_import.count_problems(problems, "error")
    warnings = sis_import.count_problems(problems, "warning")
    click.echo(f"{errors:,} error(s), {warnings:,} warning(s):")
    for problem in problems[:show]:
        click.echo(f"  {problem}")
    if len(problems) > show:
        click.echo(f"  ... and {len(problems) - show} more (use --show to list them)")


def _counts(counts: sis_import.ImportCounts, verb: str) -> None:
    values = {k: v for k, v in counts.as_dict().items() if v}
    if not values:
        click.echo(f"No changes: the database already matches the SIS ({verb}).")
        return
    click.echo(f"Changes ({verb}):")
    for name, value in values.items():
        click.echo(f"  {name.replace('_', ' '):24} {value:>9,}")


def _changes(changes: Sequence[sis_import.Change], show: int) -> None:
    # Adds are many and alike on a first import: list the rest first.
    listed = sorted(changes, key=lambda c: c.action == "add")
    for change in listed[:show]:
        fields = f" ({', '.join(change.fields)})" if change.fields else ""
        click.echo(f"  {change.action:10} {change.kind:17} {change.key}{fields}")
    if len(listed) > show:
        rest = Counter(f"{c.action} {c.kind}" for c in listed[show:])
        summary = ", ".join(f"{n} {what}" for what, n in rest.most_common())
        click.echo(f"  ... and {len(listed) - show} more: {summary}")


def _run(
    path: Path,
    kind: str,
    *,
    dry_run: bool,
    verified_from_role: bool,
    user: str | None,
    show: int,
    encoding: str | None,
    allow_deactivations: int | None = None,
) -> None:
    session = login(user)
    ctx = state().runtime().ctx
    options = {
        "kind": kind,
        "verified_from_role": verified_from_role,
        "progress": _progress,
        "encoding": encoding,
    }
    if dry_run:
        plan = sis_import.preview_import(ctx, session, path, **options)  # type: ignore[arg-type]
        click.echo(
            f"Dry run of {plan.source} ({plan.source_kind}, {_scope(plan)}): nothing written."
        )
        _problems(plan.problems, show)
        if not plan.ok:
            click.echo("error: fix the errors above; nothing can be imported until then.", err=True)
            sys.exit(2)
        _counts(plan.counts, "would be made")
        _changes(plan.changes, show)
        _districts(plan, show)
        if plan.needs_confirmation:
            click.echo(
                f"Applying it needs --allow-deactivations {plan.deactivations} "
                f"({plan.deactivations:,} students and guardians made inactive; the threshold "
                f"is {plan.deactivation_threshold:,}). Revoked PINs stay revoked."
            )
        return
    try:
        result = sis_import.apply_import(
            ctx,
            session,
            path,
            allow_deactivations=allow_deactivations,
            **options,  # type: ignore[arg-type]
        )
    except sis_import.ImportRejected as exc:
        _problems(exc.problems, show)
        click.echo("error: the import was not applied; nothing was changed.", err=True)
        sys.exit(2)
    except sis_import.DeactivationsNotConfirmed as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(3)
    plan = result.plan
    click.echo(f"Imported {plan.source} ({plan.source_kind}, {_scope(plan)}).")
    _problems(plan.problems, show)
    _counts(result.counts, "made")
    click.echo(f"Recorded in the audit trail (entry {result.audit_seq}).")


def _districts(plan: sis_import.ImportPlan, show: int) -> None:
    if not plan.local_districts:
        return
    click.echo("Schools and the local district each gets:")
    for code, district in plan.local_districts[:show]:
        click.echo(f"  {code:12} {district or '(none: principal or every-school admin only)'}")
    if len(plan.local_districts) > show:
        click.echo(f"  ... and {len(plan.local_districts) - show} more")


def _scope(plan: sis_import.ImportPlan) -> str:
    kind = "complete export" if plan.full else "changes only (delta)"
    return f"{kind}, {len(plan.school_codes)} school(s)"


_show = click.option(
    "--show", default=DEFAULT_SHOW, show_default=True, help="How many problems and changes to list."
)
_dry = click.option("--dry-run", is_flag=True, help="Check and compare only; write nothing.")
_allow = click.option(
    "--allow-deactivations",
    type=click.IntRange(min=0),
    default=None,
    metavar="COUNT",
    help="Confirm an import that makes up to COUNT students and guardians inactive, over "
    "the threshold (without it such an import stops with exit status 3 and changes nothing).",
)
_encoding = click.option(
    "--encoding",
    default=None,
    help="The legacy encoding of every CSV file, read whole (for example cp1252); "
    "default: the workstation setting, else UTF-8 (docs/import.md).",
)


@group.command("oneroster")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@_dry
@_encoding
@_allow
@click.option(
    "--verified-from-role",
    is_flag=True,
    help="Guardians with the role parent or guardian and no metadata.ppdesk."
    "verifiedLegalGuardian value count as verified parent and legal guardian.",
)
@_show
@user_option
@friendly_errors
def oneroster(
    path: Path,
    dry_run: bool,
    encoding: str | None,
    allow_deactivations: int | None,
    verified_from_role: bool,
    show: int,
    user: str | None,
) -> None:
    """Import a OneRoster 1.1 or 1.2 CSV export (a folder or a .zip)."""
    _run(
        path,
        "oneroster",
        dry_run=dry_run,
        verified_from_role=verified_from_role,
        user=user,
        show=show,
        encoding=encoding,
        allow_deactivations=allow_deactivations,
    )


@group.command("template")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@_dry
@_encoding
@_allow
@_show
@user_option
@friendly_errors
def template(
    file: Path,
    dry_run: bool,
    encoding: str | None,
    allow_deactivations: int | None,
    show: int,
    user: str | None,
) -> None:
    """Import ppdesk's template (.xlsx, or a folder of its .csv files)."""
    _run(
        file,
        "template",
        dry_run=dry_run,
        verified_from_role=False,
        user=user,
        show=show,
        encoding=encoding,
        allow_deactivations=allow_deactivations,
    )


@group.command("write-template")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@friendly_errors
def write_template(file: Path, force: bool) -> None:
    """Save the blank import template (.xlsx) to fill in."""
    if file.exists() and not force:
        raise click.UsageError(f"{file} exists; use --force to replace it.")
    saved = sis_import.write_blank_template(state().runtime().ctx, file)
    click.echo(f"Saved the blank import template to {saved}.")


commands = [group]
