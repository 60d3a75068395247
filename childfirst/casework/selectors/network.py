"""The child's network for the record page: family and carers, professionals and
addresses, those still involved (and the current address) first."""

from __future__ import annotations

from dataclasses import dataclass

from childfirst.casework.models import Address, Child, FamilyMember, Professional


@dataclass(frozen=True)
class Network:
    family: list[FamilyMember]
    professionals: list[Professional]
    addresses: list[Address]

    @property
    def current_address(self) -> Address | None:
        return next((a for a in self.addresses if a.current), None)

    @property
    def parental_responsibility(self) -> list[FamilyMember]:
        """Those still involved who hold parental responsibility."""
        return [p for p in self.family if p.involved and p.parental_responsibility]


def child_network(child: Child) -> Network:
    """The child's network, one query for each part, whatever its size."""
    family = sorted(child.family.all(), key=lambda p: (not p.involved, p.name.lower(), p.pk))
    professionals = sorted(
        child.professionals.all(),
        key=lambda p: (not p.involved, p.get_role_display(), p.name.lower(), p.pk),
    )
    addresses = sorted(
        child.addresses.all(), key=lambda a: (not a.current, -a.start.toordinal(), -a.pk)
    )
    return Network(family, professionals, addresses)
