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


# ---------------------------------------------------------------- the schema every state.py declares
def _schema():  # noqa: ANN202
    from dataclasses import dataclass

    from atlas.core import urlstate

    @dataclass(frozen=True)
    class View:
        codes: tuple[str, ...] = ()
        years: tuple[int, int] | None = None
        kind: str = "a"
        on: bool = False
        page: int = 1

    url = urlstate.Schema(
        (
            urlstate.Key("c", urlstate.codes(lambda ctx: ctx["known"]), field="codes"),
            # a key read after another sees its value: the span depends on the codes chosen
            urlstate.Key("years", urlstate.year_range(lambda ctx: (2000, 2030 if "X" in ctx["codes"] else 2020))),
            urlstate.Key("kind", urlstate.code(["a", "b"])),
            urlstate.Key("on", urlstate.switch()),
            urlstate.Key("page", urlstate.whole(1, 99)),
        )
    )
    return View, url


def test_a_schema_reads_valid_missing_and_invalid_values() -> None:
    View, url = _schema()
    ctx = {"known": ["X", "Y"]}
    values, rejected = url.read({}, ctx, View())
    assert View(**values) == View() and rejected == ()
    values, rejected = url.read({"c": ["y"], "kind": ["b"], "on": ["on"], "page": ["3"]}, ctx, View())
    assert View(**values) == View(("Y",), None, "b", True, 3) and rejected == ()
    values, rejected = url.read(
        {"c": ["Z"], "kind": ["c"], "on": ["yes"], "page": ["100"], "years": ["x"]}, ctx, View()
    )
    assert View(**values) == View() and rejected == ("c", "years", "kind", "on", "page")


def test_a_key_is_read_with_the_values_of_the_keys_before_it() -> None:
    View, url = _schema()
    ctx = {"known": ["X", "Y"]}
    assert url.read({"c": ["X"], "years": ["2021", "2025"]}, ctx, View())[1] == ()
    assert url.read({"c": ["Y"], "years": ["2021", "2025"]}, ctx, View())[1] == ("years",)
    # the whole span is the default view, whatever its bounds
    assert url.read({"c": ["Y"], "years": ["2000", "2020"]}, ctx, View())[0]["years"] is None


def test_a_schema_leaves_out_exactly_what_equals_the_default_view() -> None:
    View, url = _schema()
    assert url.write(View(), View()) == {}
    view = View(("X", "Y"), (2001, 2002), "b", True, 2)
    assert url.write(view, View()) == {"c": ["X", "Y"], "years": ["2001", "2002"], "kind": ["b"], "on": ["on"],
                                       "page": ["2"]}  # fmt: skip
    assert url.read(url.write(view, View()), {"known": ["X", "Y"]}, View()) == (vars(view), ())
    # a default that is not the codec's own: compared with the default view given
    assert url.write(View(kind="b"), View(kind="b")) == {}
    assert url.write(View(kind="a"), View(kind="b")) == {"kind": ["a"]}
    assert url.names == ("c", "years", "kind", "on", "page")
