import pandas as pd

from atlas.core.export import neutralise, to_safe_csv


def test_formula_text_is_neutralised() -> None:
    for cell in ("=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x"):
        assert neutralise(cell) == "'" + cell


def test_plain_text_and_numbers_untouched() -> None:
    assert neutralise("Poland") == "Poland"
    assert neutralise(-3.5) == -3.5


def test_csv_download_is_safe_and_keeps_numbers() -> None:
    df = pd.DataFrame({"system": ['=HYPERLINK("http://x")', "K9"], "value": [-1.5, 2.0]})
    text = to_safe_csv(df).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "\n'=HYPERLINK" in text or text.splitlines()[1].startswith("\"'=HYPERLINK")
    assert "-1.5" in text and "'-1.5" not in text
