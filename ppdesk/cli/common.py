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
from ppdesk.domain.errors import DomainError
from ppdesk.services.auth import PasswordAuthenticator
from ppdesk.services.context import StaffSession

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


def read_password(prompt: str = "Password") -> str:
    value = os.environ.get("PPDESK_PASSWORD")
    if value is not None:
        return value
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if line:
            return line.rstrip("\r\n")
    return str(click.prompt(prompt, hide_input=True))


def login(user: str | None) -> StaffSession:
    if not user:
        raise click.UsageError(
            "Give --user NAME (the password comes from PPDESK_PASSWORD or a prompt)."
        )
    rt = state().runtime()
    return PasswordAuthenticator(rt.ctx).login(user, read_password(f"Password for {user}"))


def user_option(fn: F) -> F:
    return click.option("--user", "-u", envvar="PPDESK_USER", help="Your staff user name.")(fn)  # type: ignore[return-value]


def friendly_errors(fn: F) -> F:
    """Domain errors become one plain line and exit code 2; bugs get an incident id."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except DomainError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except Exception as exc:
            incident = bootstrap.log_incident(log, exc)
            click.echo(
                f"error: something went wrong (incident {incident}); details are in the log.",
                err=True,
            )
            sys.exit(3)

    return wrapper  # type: ignore[return-value]
