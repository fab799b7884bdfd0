"""Small read-only views the desk GUI needs: who is logged in, and the facts of one letter.

Nothing here changes the database or audits anything; permission checks stay in the
services that act. ``desk_profile`` only tells the GUI which tabs and buttons to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from ppdesk.domain.errors import NotFound
from ppdesk.domain.roles import ROLE_PERMISSIONS, Permission, Role
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.lookup import lookup_scope
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
    )


@dataclass(frozen=True)
class LetterFacts:
    """What a PIN letter says besides the PIN itself (names, school, portal address)."""

    link_id: int
    guardian_name: str
    student_name: str
    student_number: str
    school_name: str
    school_address: str | None
    school_phone: str | None
    principal_name: str | None
    portal_url: str | None
    preferred_language: str | None


def letter_facts(ctx: AppContext, session: StaffSession, link_id: int) -> LetterFacts:
    """The names and school details of one guardian's letter, within the member's scope."""
    with ctx.uow(readonly=True) as uow:
        link = uow.people.link(link_id)
        student = uow.people.student(link.student_id) if link is not None else None
        guardian = uow.people.guardian(link.guardian_id) if link is not None else None
        if link is None or student is None or guardian is None or not link.active:
            raise NotFound("This guardian is not linked to this student.")
        scope = lookup_scope(uow, session)
        in_scope = (scope.school_ids is None or student.school_id in scope.school_ids) and (
            scope.teacher_id is None or student.homeroom_teacher_id == scope.teacher_id
        )
        if not in_scope:
            raise NotFound("This guardian is not linked to this student.")
        school = uow.schools.get(student.school_id)
        if school is None:
            raise NotFound("No such school.")
        return LetterFacts(
            link_id=link.id,
            guardian_name=guardian.full_name,
            student_name=student.full_name,
            student_number=student.student_number,
            school_name=school.name,
            school_address=school.address,
            school_phone=school.phone,
            principal_name=school.principal_name,
            portal_url=school.portal_url,
            preferred_language=guardian.preferred_language,
        )
