"""A small read-only view the desk GUI needs: who is logged in, with which permissions.

Nothing here changes the database or audits anything; permission checks stay in the
services that act. ``desk_profile`` only tells the GUI which tabs and buttons to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from ppdesk.domain.roles import ROLE_PERMISSIONS, Permission, Role
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.staff import my_roles


@dataclass(frozen=True)
class DeskProfile:
    """The logged-in staff member as the status bar and the role-based layout need it."""

    staff_id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    schools: tuple[str, ...]
    permissions: frozenset[Permission]
    # A grant for a school itself that allows PIN management: prints the letters that
    # district verifiers queued for that school ("Letters to print").
    prints_school_letters: bool = False

    def can(self, permission: Permission) -> bool:
        """True if any of the member's grants allows ``permission`` somewhere."""
        return permission in self.permissions

    @property
    def role_text(self) -> str:
        return ", ".join(self.roles) or "no role"

    @property
    def school_text(self) -> str:
        return ", ".join(self.schools) or "no school"


def desk_profile(ctx: AppContext, session: StaffSession) -> DeskProfile:
    """Roles, schools and the union of permissions of the logged-in staff member."""
    info = my_roles(ctx, session)
    roles: list[Role] = []
    schools: list[str] = []
    with ctx.uow(readonly=True) as uow:
        for grant in info.grants:
            if grant.role not in roles:
                roles.append(grant.role)
            label = grant.scope
            if grant.school_code:
                school = uow.schools.get_by_code(grant.school_code)
                if school is not None:
                    label = f"{school.code} {school.name}"
            if label not in schools:
                schools.append(label)
    prints = any(
        g.school_code and Permission.MANAGE_PIN in ROLE_PERMISSIONS[g.role] for g in info.grants
    )
    permissions: set[Permission] = set()
    for role in roles:
        permissions |= ROLE_PERMISSIONS[role]
    return DeskProfile(
        staff_id=info.id,
        username=info.username,
        display_name=info.display_name,
        roles=tuple(r.label for r in roles),
        schools=tuple(schools),
        permissions=frozenset(permissions),
        prints_school_letters=bool(prints),
    )
