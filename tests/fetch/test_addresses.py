"""The address policy: which addresses are refused and how the refusal reads."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.errors import AddressFailure
from tracker.fetch.addresses import address_problem, check_host

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.5", "private"),
        ("172.16.4.4", "private"),
        ("192.168.0.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "private"),  # reserved for future use; Python files it as private
        ("100.64.0.1", "non-public"),  # carrier-grade NAT
        ("::ffff:192.168.1.1", "private"),
        ("::ffff:127.0.0.1", "loopback"),
        ("2002:c0a8:0101::1", "private"),  # 6to4 wrapping 192.168.1.1
        ("not-an-ip", "unparseable"),
        ("93.184.216.34", None),
        ("2606:2800:220:1:248:1893:25c8:1946", None),
    ],
)
def test_address_problem(address, kind):
    assert address_problem(address) == kind


@settings(deadline=None)  # no per-example time limit on a loaded machine
@given(st.ip_addresses())
def test_only_global_addresses_pass(address):
    problem = address_problem(str(address))
    mapped = getattr(address, "ipv4_mapped", None) or getattr(address, "sixtofour", None)
    effective = mapped or address
    allowed = effective.is_global and not (effective.is_multicast or effective.is_reserved)
    assert (problem is None) == allowed
    assert isinstance(ipaddress.ip_address(str(address)), type(address))


@pytest.mark.anyio
async def test_every_resolved_address_is_checked():
    async def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.9.8.7"]

    with pytest.raises(AddressFailure) as caught:
        await check_host("mixed.example", 443, allow_private=False, resolver=resolver)
    assert caught.value.reason == (
        "refused: mixed.example resolves to private address 10.9.8.7 "
        "(set allow_private to track it)"
    )


@pytest.mark.anyio
async def test_public_host_passes_and_returns_its_addresses():
    async def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    assert await check_host("ok.example", 80, allow_private=False, resolver=resolver) == [
        "93.184.216.34"
    ]


@pytest.mark.anyio
async def test_ipv6_literal_in_brackets_is_checked_without_resolving():
    async def resolver(host: str, port: int) -> list[str]:
        raise AssertionError("a literal address needs no lookup")

    with pytest.raises(AddressFailure, match="loopback address ::1"):
        await check_host("[::1]", 80, allow_private=False, resolver=resolver)
