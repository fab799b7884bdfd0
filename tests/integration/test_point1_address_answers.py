"""Issue 15 point 1 on both engines: the checklist meets addresses as the SIS keeps them
(street line with a unit, then "City, ST ZIP"), and the demo data has that shape."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from ppdesk.adapters.db.models import Student
from ppdesk.domain.addresses import address_matches, parse_record_address
from ppdesk.domain.roles import Role
from tests.support.family import make_family, right_answers
from tests.support.flows import verify
from tests.support.seed import staff_with_role

SIS_ADDRESS = "12 Elm Street, Apt 4\nLos Angeles, CA 90001"


@pytest.mark.parametrize(
    "answer", ["12 Elm Street, Apt 4", "12 Elm St Apt 4", "12 Elm Street, Apt 4, 90001"]
)
def test_point1_the_answers_that_failed_now_pass(app, answer: str) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app, address=SIS_ADDRESS, zip_code="90001")
    outcome = verify(app, paa, fam.link_ids[0], answers=right_answers(address=answer))
    assert outcome.passed, outcome.reasons


@pytest.mark.parametrize("answer", ["12 Elm Street, Apt 4, 90002", "12 Elm St Apt 4, Pasadena"])
def test_point1_an_extra_that_disagrees_fails(app, answer: str) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app, address=SIS_ADDRESS, zip_code="90001")
    outcome = verify(app, paa, fam.link_ids[0], answers=right_answers(address=answer))
    assert not outcome.passed
    assert "Address: does not match the record." in outcome.reasons


def test_point1_demo_addresses_are_multi_line_with_units_and_their_short_forms_match(
    runtime,
) -> None:
    from ppdesk.services import demo

    demo.create_demo(runtime.ctx, students=60, seed=5, password="demo passphrase 1")
    with runtime.engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(select(Student.address, Student.zip_code))]
    assert rows and all("\n" in a and a.endswith(z) for a, z in rows)
    with_unit = [(a, z) for a, z in rows if re.search(r"(Apt|Unit|#)", a)]
    assert len(with_unit) >= 5
    for address, zip_code in rows:
        parsed = parse_record_address(address, zip_code)
        assert parsed.city == ("los", "angeles") and parsed.zip_code == zip_code
        street = address.splitlines()[0]
        assert address_matches(street, address, zip_code)
        assert address_matches(f"{street.replace(',', '')} {zip_code}", address, zip_code)
        assert not address_matches(f"{street}, 99999", address, zip_code)
