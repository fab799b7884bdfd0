"""The first start on an empty database: the first account, its school and the
PIN keys, in place of the demo school that only a developer's ``make run`` or an explicit
``ppdesk demo`` makes.

The first account is a principal of a school (created if new) or a district administrator
of a local district. Then, if the database has no PIN keys yet, keys are created on this
workstation (stored first, then claimed: see ``bootstrap.KeysPort.store_then_claim``). When
there is no secure place for them the account still exists and ``keys_problem`` says what
to do; nothing about keys was written to the database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ppdesk.domain.audit import AuditEntry
from ppdesk.domain.errors import SecretsUnavailable, ValidationError
from ppdesk.domain.roles import Role
from ppdesk.services import staff as staff_service
from ppdesk.services.context import AppContext

DEV_DEMO_ENV = "PPDESK_DEV_DEMO"


def dev_demo_enabled() -> bool:
    """Only a developer's ``make run`` sets ``PPDESK_DEV_DEMO=1``: then an empty database
    gets the demo school. An installed ppdesk never makes demo data by itself."""
    return os.environ.get(DEV_DEMO_ENV) == "1"


def needs_first_run(ctx: AppContext) -> bool:
    """True while the database has no staff account at all."""
    with ctx.uow(readonly=True) as uow:
        return bool(uow.staff.count() == 0)


@dataclass(frozen=True)
class FirstRunResult:
    username: str
    role: Role
    keys_stored_in: str | None  # None: no keys were made here (see keys_problem)
    keys_problem: str | None


def set_up(
    ctx: AppContext,
    *,
    role: Role,
    username: str,
    display_name: str,
    password: str,
    school_code: str | None = None,
    school_name: str | None = None,
    local_district: str | None = None,
) -> FirstRunResult:
    """Create the first account (principal or district administrator) and the PIN keys."""
    if role not in (Role.PRINCIPAL, Role.DISTRICT_ADMIN):
        raise ValidationError("staff.first_role")
    info = staff_service.add_first_principal(
        ctx,
        username=username,
        display_name=display_name,
        password=password,
        school_code=school_code or "",
        school_name=school_name,
        role=role,
        local_district=local_district,
    )
    where, problem = None, None
    port = ctx.key_store
    if ctx.keys is None and port is not None and not port.has_fingerprint():
        try:
            material = port.generate()
            where = port.store_then_claim(material)
        except SecretsUnavailable as exc:
            problem = (
                f"{exc} PIN features stay off until keys are set up: configure the system "
                "keyring (or a key file, see README 'Keys') and run `ppdesk keys init`."
            )
        else:
            ctx.keys, ctx.keys_problem = port.crypto(material), None
            with ctx.uow() as uow:
                uow.audit.append(
                    AuditEntry(
                        "keys_init",
                        details={"key_id": material.current_key_id, "stored_in": where},
                    ),
                    actor=info.username,
                    actor_staff_id=info.id,
                    workstation=ctx.workstation,
                )
                uow.commit()
    elif ctx.keys is None:
        problem = ctx.keys_problem
    return FirstRunResult(info.username, role, where, problem)
