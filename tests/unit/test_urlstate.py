from atlas.core.urlstate import parse_code, parse_codes, parse_int_range, parse_number


def test_codes_keep_known_and_flag_unknown() -> None:
    p = parse_codes(["POL", "xxx", "est"], ["POL", "EST"], [])
    assert p.value == ["POL", "EST"] and p.rejected


def test_codes_comma_separated_and_deduplicated() -> None:
    assert parse_codes(["POL,EST,POL"], ["POL", "EST"], []).value == ["POL", "EST"]


def test_codes_all_garbage_falls_back() -> None:
    p = parse_codes(["<script>alert(1)</script>"], ["POL"], ["POL"])
    assert p.value == ["POL"] and p.rejected


def test_code_repeated_key_falls_back() -> None:
    assert parse_code(["usd", "share"], ["usd", "share"], "share").rejected


def test_code_very_long_value_falls_back() -> None:
    assert parse_code(["a" * 5000], ["a"], "a") == parse_code([], ["a"], "a").__class__("a", True)


def test_int_range_accepts_both_forms() -> None:
    assert parse_int_range(["2017", "2020"], 2000, 2025).value == (2017, 2020)
    assert parse_int_range(["2017-2020"], 2000, 2025).value == (2017, 2020)


def test_int_range_out_of_bounds_or_reversed_or_garbage() -> None:
    for raw in (["1990", "2020"], ["2020", "2017"], ["abc"], ["2017", "2018", "2019"]):
        p = parse_int_range(raw, 2000, 2025)
        assert p.value is None and p.rejected, raw


def test_number_bounds_and_nan() -> None:
    assert parse_number(["3.5"], 0, 10, 2).value == 3.5
    assert parse_number(["nan"], 0, 10, 2).rejected
    assert parse_number(["99"], 0, 10, 2).value == 2
