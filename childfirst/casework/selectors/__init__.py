"""Casework's reads; nothing here writes (``casework.services`` does).

- ``records``: search, the summary at the top of the record;
- ``chronology``: everything on the record, newest first, one builder per kind of record;
- ``history``: every change to the record, field by field;
- ``choices``: what casework's forms offer (staff of a team, teams, the open intervention);
- ``work``: assessments, plans and reviews, what each needs before oversight, the
  oversight queue;
- ``caseload``: what is due or overdue on a practitioner's caseload and a team's;
- ``panel``: the joint decision panel's referrals and each one's panel pack;
- ``contacts``: planned appointments (those not recorded yet first), the next one, and
  missed contacts waiting for an enforcement decision;
- ``network``: the child's family and carers, professionals and addresses;
- ``loaded``: what the record page shows in several places, read once onto the child.
"""
