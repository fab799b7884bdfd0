"""Shared CLI plumbing: opening the database, logging in, reporting errors."""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ppdesk import bootstrap
from ppdesk.cli import exit_codes
from ppdesk.domain.errors import DomainError
from ppdesk.services.context import StaffSession
from ppdesk.services.person_auth import authenticator_for

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("ppdesk.cli")


class CliState:
    def __init__(self, database: str | None) -> None:
        self.database = database
        self._runtime: bootstrap.Runtime | None = None

    def runtime(self) -> bootstrap.Runtime:
        if self._runtime is None:
            self._runtime = bootstrap.open_app(database=self.database)
        return self._runtime

    def close(self) -> None:
        if self._runtime is not None:
            self._runtime.close()


def state() -> CliState:
    return click.get_current_context().find_object(CliState)  # type: ignore[return-value]


def read_password(prompt: str = "Password", env: str = "PPDESK_PASSWORD") -> str:
    """The password from ``env``, a line of standard input, or a terminal prompt."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if line:
            return line.rstrip("\r\n")
        raise click.UsageError(
            f"{prompt}: no terminal to ask on and nothing on standard input. Set {env} "
            "(or pipe the password in) when running ppdesk from a script."
        )
    return str(click.prompt(prompt, hide_input=True))


def prompt_secret(prompt: str, env: str, *, confirm: bool = False) -> str:
    """A secret from ``env`` or, on a terminal, a hidden prompt; without a terminal a
    usage error that names ``env`` (never click's bare "Aborted!")."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise click.UsageError(
            f"{prompt}: no terminal to ask on. Set {env} when running ppdesk from a script."
        )
    return str(click.prompt(prompt, hide_input=True, confirmation_prompt=confirm))


def login(user: str | None) -> StaffSession:
    if not user:
        raise click.UsageError(
            "Give --user NAME (the password comes from PPDESK_PASSWORD or a prompt)."
        )
    rt = state().runtime()
    return authenticator_for(rt.ctx).login(user, read_password(f"Password for {user}"))


def user_option(fn: F) -> F:
    return click.option("--user", "-u", envvar="PPDESK_USER", help="Your staff user name.")(fn)  # type: ignore[return-value]


def exit_code_for(exc: DomainError) -> int:
    """The documented exit code of a refusal (see ``ppdesk.cli.exit_codes``)."""
    from ppdesk.domain.errors import (
        ConfigurationError,
        DatabaseBusy,
        DatabaseMissing,
        DatabaseUnavailable,
    )

    if isinstance(exc, DatabaseUnavailable):
        return exit_codes.EX_UNAVAILABLE
    if isinstance(exc, DatabaseBusy):
        return exit_codes.EX_TEMPFAIL
    if isinstance(exc, DatabaseMissing):
        return exit_codes.EX_NOINPUT
    if isinstance(exc, ConfigurationError):
        return exit_codes.EX_CONFIG
    return exit_codes.REFUSED


def output_closed() -> None:
    """The reader of our output went away (``ppdesk ... | head``): not an incident. Point
    stdout at /dev/null so the interpreter's final flush stays quiet, and exit 141."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(exit_codes.EX_PIPE)


def friendly_errors(fn: F) -> F:
    """Domain errors become one plain line and their exit code (``exit_codes``); bugs get
    an incident id and exit code 3."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            output_closed()
        except DomainError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exit_code_for(exc))
        except Exception as exc:
            incident = bootstrap.log_incident(log, exc)
            click.echo(
                f"error: something went wrong (incident {incident}); details are in the log.",
                err=True,
            )
            sys.exit(exit_codes.INTERNAL)

    return wrapper  # type: ignore[return-value]
