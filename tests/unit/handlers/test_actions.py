"""The button action codec: short, validated, at most 64 bytes, malformed input → None."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.actions import MAX_BYTES, Action, encode, parse


def test_round_trip() -> None:
    data = encode("ord", "approve", 12)
    assert data == "ord:approve:12"
    action = parse(data)
    assert action == Action("ord", "approve", ("12",))
    assert action.int_arg(0) == 12
    assert action.encode() == data


def test_several_arguments_and_tokens() -> None:
    action = parse(encode("brw", "next", "a1b2c3d4e5f6", 99))
    assert action is not None
    assert action.arg(0) == "a1b2c3d4e5f6"
    assert action.int_arg(1) == 99
    assert action.int_arg(0) is None
    assert action.int_arg(5) is None
    assert action.arg(5) is None


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "ord",
        "ord:",
        ":approve:1",
        "ORD:approve:1",
        "ord:approve:",
        "ord:approve:1:",
        "ord:appr ove:1",
        "ord:approve:<b>",
        "ord:approve:12;DROP",
        "x" * 65,
        "ord:approve:" + "1" * 60,
        "ord:approve:١٢",
        "\x00:a:1",
    ],
)
def test_malformed_input_is_none(data: str | None) -> None:
    assert parse(data) is None


@pytest.mark.parametrize(
    ("domain", "verb", "args"),
    [
        ("Ord", "approve", (1,)),
        ("ord", "appro:ve", (1,)),
        ("ord", "approve", ("a:b",)),
        ("ord", "approve", ("",)),
        ("ord", "approve", (True,)),
        ("ord", "approve", ("1" * 40, "2" * 40)),
    ],
)
def test_encode_refuses_what_would_not_parse(
    domain: str, verb: str, args: tuple[object, ...]
) -> None:
    with pytest.raises(ValueError):
        encode(domain, verb, *args)  # type: ignore[arg-type]


@given(
    st.sampled_from(["ord", "off", "req", "prop", "frm", "brw"]),
    st.sampled_from(["approve", "msg", "pick", "next", "cancelok"]),
    st.lists(st.integers(min_value=0, max_value=10**18 - 1), max_size=3),
)
def test_every_encoding_fits_and_parses_back(domain: str, verb: str, ids: list[int]) -> None:
    try:
        data = encode(domain, verb, *ids)
    except ValueError:
        return
    assert len(data.encode()) <= MAX_BYTES
    action = parse(data)
    assert action is not None
    assert [action.int_arg(i) for i in range(len(ids))] == ids


@given(st.text(max_size=80))
def test_parse_never_raises(data: str) -> None:
    action = parse(data)
    if action is not None:
        assert len(data.encode()) <= MAX_BYTES
        assert action.encode() == data
