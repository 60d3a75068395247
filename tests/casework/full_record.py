"""A child with one row of every kind held about a child, for the subject access and
erasure tests: the permission matrix's child a (one of every record, documents among
them), plus a restriction request, a countersignature, a contact with family and
professionals present, an access-log row, and an audit case drawn from the child's
outcome with an answer and a settlement. A model related to Child added later without a
row here fails ``test_the_full_record_has_a_row_of_every_kind_held``.

A second child (``other``) of the same audit is kept to check that nothing of theirs is
touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from childfirst.accounts.access import log_child_views
from childfirst.accounts.models import Role
from childfirst.audits.models import Answer, Audit, AuditCase, Settlement
from childfirst.casework.models import Child, RestrictionRequest
from childfirst.demo.models import DemoChild
from tests.casework.document_files import PDF, add_document
from tests.casework.factories import (
    ChildFactory,
    OutcomeFactory,
    OversightFactory,
    UserFactory,
)
from tests.casework.test_permission_matrix import make_service

NOTE = "Alex said the <b>college</b> course is going well & asked about <script>x()</script>"
DOCUMENT_BYTES = PDF.replace(b"trailer", b"% kept for the export\ntrailer")


@dataclass
class FullRecord:
    child: Child
    other: Child
    svc: Any
    prac: Any
    audit: Audit
    document: Any


def full_record() -> FullRecord:
    service = make_service()
    a, svc, prac_a, tm_a = (
        service.children["a"],
        service.users["svc"],
        service.users["prac_a"],
        service.users["tm_a"],
    )
    objects = service.objects["a"]
    contact = objects["contact"]
    contact.notes = NOTE
    contact.save()
    contact.family_present.set([objects["family"]])
    contact.professionals_present.set([objects["professional"]])
    RestrictionRequest.objects.create(child=a, requested_by=prac_a, reason="A neighbour works here")
    OversightFactory(assessment=objects["oversight:assessment"], manager=tm_a)
    document = add_document(child=a, by=prac_a, content=DOCUMENT_BYTES, name="letter.pdf")
    log_child_views(tm_a, [a], f"/children/{a.reference}/")

    lead = UserFactory(username="lead", roles=[(Role.AUDITOR, None)])
    moderator = UserFactory(username="moderator", roles=[(Role.AUDITOR, None)])
    audit = Audit.objects.create(
        name="Summer audit",
        framework="hmip-youth-2018",
        fieldwork_date=timezone.localdate(),
        lead=lead,
        seed="seed",
        created_by=lead,
        sample_fixed_at=timezone.now(),
    )
    other = ChildFactory(team=a.team, first_name="Olly", last_name="Other")
    for child, outcome in ((a, objects["outcome"]), (other, OutcomeFactory(child=other))):
        case = AuditCase.objects.create(
            audit=audit,
            case_type="court",
            child=child,
            outcome=outcome,
            sex="Male",
            disposal_type="Referral order",
            risk_of_serious_harm="",
            safety_and_wellbeing="",
            sampled=True,
            auditor=lead,
            moderator=moderator,
        )
        for by, moderation, answer in ((lead, False, "yes"), (moderator, True, "no")):
            Answer.objects.create(
                case=case,
                moderation=moderation,
                standard="2.1",
                question=1,
                answer=answer,
                evidence="The plan was clear",
                answered_by=by,
            )
        Settlement.objects.create(
            case=case, standard="2.1", question=1, answer="yes", rationale="Agreed", decided_by=lead
        )
    # The demo's own note that it made a child (childfirst.demo.models): held about the
    # child like anything else, so exported and erased with them.
    DemoChild.objects.create(child=a)
    return FullRecord(child=a, other=other, svc=svc, prac=prac_a, audit=audit, document=document)
