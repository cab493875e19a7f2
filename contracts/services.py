import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.timezone import localdate as today
from django.utils.translation import gettext as _

from core.dates import add_days, add_years
from deals.services import deal_mark_won

from .models import Contract, ContractParty

# Sambruk's agreements usually run three years; the draft suggests that, staff adjust it.
CONTRACT_YEARS = 3


@transaction.atomic
def deal_win(*, deal, user, start_date: datetime.date | None = None) -> Contract:
    """The win workflow: mark the deal won and draft its contract, or neither."""
    deal = deal_mark_won(deal=deal, user=user)
    return contract_draft_from_deal(deal=deal, user=user, start_date=start_date)


@transaction.atomic
def contract_draft_from_deal(*, deal, user, start_date: datetime.date | None = None) -> Contract:
    """The draft contract of a won deal: same service, the deal's member as lead party,
    value and dates prefilled, linked back to the deal."""
    start = start_date or today()
    contract = Contract(
        title=deal.title,
        service=deal.service,
        status=Contract.Status.DRAFT,
        start_date=start,
        end_date=add_days(add_years(start, CONTRACT_YEARS), -1),
        value=deal.value,
        origin_deal=deal,
    )
    contract.stamp(user)
    contract.full_clean()
    contract.save()
    ContractParty.objects.create(
        contract=contract, member=deal.member, role=ContractParty.Role.LEAD_PARTY
    )
    return contract


def contract_parties_check(members) -> None:
    """The rule every change of a contract's parties keeps: at least one party.

    Raises the ValidationError the contract page, the admin and the import all show.
    """
    if not list(members):
        raise ValidationError(
            _("A contract must have at least one party. Add another party first."),
            code="last_party",
        )


def _lock_parties(contract: Contract) -> list[ContractParty]:
    """Lock the contract, so that changes of its parties happen one after the other, and
    return its party links as they are now."""
    list(Contract.objects.select_for_update().filter(pk=contract.pk).values_list("pk"))
    return list(ContractParty.objects.filter(contract=contract).order_by("id"))


def _create_party(contract, user, member, role, signed_on) -> ContractParty:
    if ContractParty.objects.filter(contract=contract, member=member).exists():
        raise ValidationError(_("This member is already a party to the contract."), code="party")
    party = ContractParty(contract=contract, member=member, role=role, signed_on=signed_on)
    party._history_user = user
    try:
        with transaction.atomic():
            party.save()
    except IntegrityError as exc:  # a concurrent add of the same member
        raise ValidationError(
            _("This member is already a party to the contract."), code="party"
        ) from exc
    return party


def _delete_party(link: ContractParty, user) -> None:
    link._history_user = user
    link.delete()


@transaction.atomic
def contract_add_party(
    *, contract: Contract, user, member, role=ContractParty.Role.PARTY, signed_on=None
):
    """Add a member (or non-member organisation) as a party to the contract."""
    _lock_parties(contract)
    party = _create_party(contract, user, member, role, signed_on)
    _touch(contract, user)
    return party


@transaction.atomic
def contract_remove_party(*, contract: Contract, user, member) -> None:
    """Remove a party; a contract always keeps at least one."""
    links = _lock_parties(contract)
    link = next((p for p in links if p.member_id == member.pk), None)
    if link is None:
        raise ValidationError(_("This member is not a party to the contract."), code="not_party")
    contract_parties_check(p for p in links if p is not link)
    _delete_party(link, user)
    _touch(contract, user)


@transaction.atomic
def contract_set_parties(*, contract: Contract, members, user) -> bool:
    """Make the contract's parties exactly ``members``: members already parties keep their
    role and signing date, new ones join as "party", the others leave. One change at a time,
    so each is in the party history. Refused when no party would be left.

    Returns whether anything changed.
    """
    wanted = list(dict.fromkeys(members))  # each member once, in the order given
    contract_parties_check(wanted)
    links = _lock_parties(contract)
    wanted_pks = {member.pk for member in wanted}
    current_pks = {link.member_id for link in links}
    for member in wanted:
        if member.pk not in current_pks:
            _create_party(contract, user, member, ContractParty.Role.PARTY, None)
    for link in links:
        if link.member_id not in wanted_pks:
            _delete_party(link, user)
    changed = wanted_pks != current_pks
    if changed and current_pks:
        # A contract's first parties come with its creation, which already names who made it.
        _touch(contract, user)
    return changed


@transaction.atomic
def contract_renew(*, contract: Contract, user, start_date=None, end_date=None) -> Contract:
    """Create the follow-on contract: same service and parties, linked to this one."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if Contract.objects.filter(previous=contract).exists():
        raise ValidationError(_("This contract has already been renewed."), code="renewed")
    if contract.status == Contract.Status.DRAFT:
        raise ValidationError(_("A draft cannot be renewed; complete it first."), code="draft")
    if contract.status == Contract.Status.TERMINATED:
        raise ValidationError(_("A terminated contract cannot be renewed."), code="terminated")
    # The renewal follows on the day after the end, or starts today if the old one has
    # already ended; it runs as long as the previous one did.
    start = start_date or max(
        add_days(contract.end_date, 1) if contract.end_date else today(), today()
    )
    if end_date is None and contract.start_date and contract.end_date:
        end_date = add_days(start, (contract.end_date - contract.start_date).days)
    renewal = Contract(
        title=contract.title,
        service=contract.service,
        status=Contract.Status.DRAFT,
        start_date=start,
        end_date=end_date,
        value=contract.value,
        description=contract.description,
        previous=contract,
    )
    renewal.stamp(user)
    renewal.full_clean()
    renewal.save()
    ContractParty.objects.bulk_create(
        ContractParty(contract=renewal, member_id=p.member_id, role=p.role)
        for p in contract.party_links.all()
    )
    return renewal


def _touch(contract: Contract, user) -> None:
    """Record who changed the contract's parties, in its own history too."""
    contract.stamp(user)
    contract.save(update_fields=["updated_at", "updated_by"])
