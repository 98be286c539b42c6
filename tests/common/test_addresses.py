"""common/addresses.py: which addresses a fetch may connect to. Pure: nothing is resolved or sent."""

from __future__ import annotations

import pytest

from common.addresses import address_refusal, describe_refusal, host_refusal, parse_networks

LOOPBACK = parse_networks(["127.0.0.0/8"])


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.1.1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),  # shared address space (carrier-grade NAT)
        ("169.254.169.254", "metadata"),
        ("100.100.100.200", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("::ffff:10.0.0.1", "private"),  # IPv4-mapped: the packets go to 10.0.0.1
        ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
        ("2002:a00:1::1", "private"),  # 6to4 of 10.0.0.1
    ],
)
def test_addresses_outside_the_public_internet_are_refused(address: str, kind: str) -> None:
    assert address_refusal(address) == kind


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"])
def test_public_addresses_may_be_fetched(address: str) -> None:
    assert address_refusal(address) is None


def test_an_allowed_network_lets_its_addresses_through_and_no_other() -> None:
    assert address_refusal("127.0.0.1", LOOPBACK) is None
    assert address_refusal("127.5.5.5", LOOPBACK) is None
    assert address_refusal("::1", LOOPBACK) == "loopback"  # another family, another network
    assert address_refusal("10.0.0.1", LOOPBACK) == "private"


def test_metadata_services_are_refused_even_inside_an_allowed_network() -> None:
    everything = parse_networks(["0.0.0.0/0", "::/0"])
    assert address_refusal("169.254.169.254", everything) == "metadata"
    assert address_refusal("10.0.0.1", everything) is None


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("metadata.google.internal", "metadata"),
        ("METADATA.google.internal.", "metadata"),
        ("instance-data", "metadata"),
        ("[::1]", "loopback"),
        ("10.0.0.1", "private"),
        ("169.254.169.254", "metadata"),
        ("news.example.org", None),  # a name: its resolved addresses decide
    ],
)
def test_hosts_are_judged_by_name_or_literal_without_resolving(host: str, kind: str | None) -> None:
    assert host_refusal(host) == kind


def test_a_bad_network_is_named() -> None:
    with pytest.raises(ValueError, match="'10.0.0.0/33' is not a network"):
        parse_networks(["10.0.0.0/33"])


def test_the_reason_names_host_address_and_kind() -> None:
    assert describe_refusal("intranet.example", "10.1.2.3", "private") == (
        "refused to connect to intranet.example (10.1.2.3): private address (not in the allowed private_networks)"
    )
    assert "metadata service" in describe_refusal("169.254.169.254", None, "metadata")
