"""SIPRI's register beside our list (pure; codes only, no words, no Streamlit).

Three things live here, each by a written rule:
- link_deals(): which register order(s) each of our deals is (data/arms_register_links.csv is written
  from it by tools/link_arms_register.py);
- stated_values() / value_checks(): the money a SIPRI comment states ("$3.3 b deal", "KRW2 tr ($1.7 b)")
  against our value for the same deal;
- tiv_by_recipient_year() / tiv_by_recipient(): SIPRI's TIV delivered, the measure its ranks use.
TIV are trend-indicator values, SIPRI's unit of military capability: never added to, or compared
with, US$.

The linking rule (a link is never guessed; what the rule cannot decide stays unlinked, with a note):
1. A system's family is read from its name by FAMILIES (text before " for " only: "K9 chassis for
   Krab" is a chassis). Our deal may name several ("K9 ... (+K10 resupply vehicles)"): the first is
   its main system, the others parts of its package. A register order has one (first match).
2. Candidates: same recipient, same family, year ordered within one year of our year signed; for a
   transfer (stage transfer), the order delivered in our year, else ordered within one year.
   SIPRI's "selected but not (yet) ordered/signed" entries are candidates for our frameworks only,
   and a framework matches nothing else; an MoU matches nothing.
3. Of several candidates for one family: the same year first, then the same number; orders of one
   designation and year that differ only by description (a SAM system and its missiles) are one
   package; numbers that add up to ours make one package (FA-50 12 + 36 = 48). Still several:
   ambiguous, none linked.
4. The main system's numbers, both known and different: ambiguous, not linked (the note gives both).
5. A register order claimed by two of our deals goes to the one signed in its year, else to none.
6. Register orders of the recipient and year whose comment says "Part of" the deal a linked order
   states ("Part of KRW2 tr ($1.7 b) deal") join that link's package.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from atlas.core.vocab import REGISTER_LINKS

# ------------------------------------------------------------------ families of systems
FAMILIES: tuple[tuple[str, str], ...] = (
    ("k9_chassis", r"\bk-?9(?!\d)[^,;]*chassis"),
    ("k9", r"\bk-?9(?!\d)|\bas9\b|vajra|vidar"),
    ("k10", r"\bk-?10(?!\d)|\bas10\b"),
    ("k11", r"\bk-?11(?!\d)"),
    ("k21", r"\bk-?21(?!\d)|redback|\bas21\b"),
    ("k2", r"\bk-?2(?![\d.])|black panther"),
    ("cgr080", r"cgr-?080"),
    ("ktssm", r"ktssm|ctm-?290"),
    ("chunmoo", r"chunmoo|\bk-?239(?!\d)|homar"),
    ("fa50", r"\bfa-?50(?!\d)"),
    ("t50", r"\bt-?50(?!\d)"),
    ("kt1", r"\bkt-?1(?!\d)|\bka-?1(?!\d)"),
    ("kf21", r"\bkf-?21(?!\d)|\bkf-?x\b|\bif-?x\b"),
    ("cheongung", r"cheongung|\bkm-?sam\b|\bm-?sam\b"),
    ("k808", r"\bk-?808(?!\d)|white tiger"),
    ("pohang", r"po ?hang"),
    ("type209", r"type[- ]?209|chang bogo|nagapasa"),
    ("frigate2600", r"\bh[dh][fi]-?2600\b|jose rizal"),
    ("frigate3200", r"\bhdc-?3[12]00\b|miguel malvar"),
    ("opv", r"\bhdp-?2200\b|\bhhi-?2400\b|rajah sulayman"),
    ("frigate3000", r"\bdw-?3000|bhumibol"),
    ("tide", r"\btide\b"),
)
_COMPILED = tuple((name, re.compile(rx, re.IGNORECASE)) for name, rx in FAMILIES)
SELECTED = re.compile(r"selected|not yet ordered|not yet signed", re.IGNORECASE)
LINKS = REGISTER_LINKS  # the links file's `link` codes


def _main_text(system: str) -> str:
    """Our system's name without what it serves: 'K9 chassis for Krab ...' -> 'K9 chassis'."""
    return re.split(r"\s+for\s+", str(system), maxsplit=1)[0]


def deal_families(system: str) -> tuple[str, ...]:
    """The families our deal names, main system first (the order they appear in its name)."""
    text = _main_text(system)
    found = []
    for name, rx in _COMPILED:
        m = rx.search(text)
        if m:
            found.append((m.start(), name))
    names = [n for _, n in sorted(found)]
    if "k9_chassis" in names and "k9" in names:
        names.remove("k9")
    return tuple(dict.fromkeys(names))


def order_family(designation: str, description: str) -> str | None:
    """A register order's family (first match over designation and description), None when none fits."""
    text = f"{designation} {description}"
    return next((name for name, rx in _COMPILED if rx.search(text)), None)


# ------------------------------------------------------------------ money a comment states
CURRENCIES = frozenset(
    "USD EUR GBP KRW PLN AUD NZD NOK SEK DKK INR THB PHP MYR AED SAR IDR JPY CHF TRY EGP PEN COP CAD RON".split()
)
_MONEY = re.compile(
    r"(?P<cur>\$|\b[A-Z]{3}) ?(?P<lo>\d+(?:\.\d+)?)(?:-(?P<hi>\d+(?:\.\d+)?))? ?(?P<unit>m|b|tr)(?![A-Za-z])"
)
_UNIT = {"m": 1.0, "b": 1_000.0, "tr": 1_000_000.0}


@dataclass(frozen=True)
class Stated:
    currency: str  # USD for "$"
    low_m: float  # millions of the currency
    high_m: float
    text: str  # as SIPRI wrote it: "$1-1.2 b"


def stated_values(comment: object) -> tuple[Stated, ...]:
    """Every amount a SIPRI comment states, in millions of its currency, in the comment's order."""
    if not isinstance(comment, str):
        return ()
    out = []
    for m in _MONEY.finditer(comment):
        cur = "USD" if m.group("cur") == "$" else m.group("cur")
        if cur not in CURRENCIES:
            continue
        lo = float(m.group("lo")) * _UNIT[m.group("unit")]
        hi = float(m.group("hi")) * _UNIT[m.group("unit")] if m.group("hi") else lo
        out.append(Stated(cur, lo, hi, m.group(0)))
    return tuple(out)


def _deal_phrase(comment: object) -> str | None:
    """The first amount of a comment, the name of its deal: 'KRW2 tr ($1.7 b)' -> 'KRW2 tr'."""
    found = stated_values(comment)
    return found[0].text.replace(" ", "") if found else None  # "KRW 641 b" and "KRW641 b" name one deal


# ------------------------------------------------------------------ linking
@dataclass(frozen=True)
class Link:
    deal_id: str
    register_key: str | None
    link: str  # one of LINKS
    note: str


def _year_ok(deal: Mapping[str, object], order: Mapping[str, object]) -> bool:
    year = int(deal["year_signed"])  # type: ignore[call-overload]
    if deal["stage"] == "transfer":
        return False  # transfers are matched on delivery first (_transfer_candidates)
    return abs(int(order["year_ordered"]) - year) <= 1  # type: ignore[call-overload]


def _delivered_in(order: Mapping[str, object], year: int) -> bool:
    years = order.get("delivery_years")
    return isinstance(years, str) and str(year) in [y.strip() for y in years.split(";")]


def _number(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload, arg-type]


def _describe(order: Mapping[str, object]) -> str:
    n = _number(order.get("number_ordered"))
    return f"{order['register_key']} ({order['year_ordered']}, {n if n is not None else 'number not stated'} ordered)"


def _candidates(deal: Mapping[str, object], orders: list[dict], family: str) -> list[dict]:
    same = [o for o in orders if o["family"] == family]
    stage = deal["stage"]
    if stage == "mou":
        return []
    if stage == "framework":
        return [o for o in same if o["selected"] and _year_ok(deal, o)]
    same = [o for o in same if not o["selected"]]
    if stage == "transfer":
        year = int(deal["year_signed"])  # type: ignore[call-overload]
        delivered = [o for o in same if _delivered_in(o, year)]
        return delivered or [o for o in same if abs(int(o["year_ordered"]) - year) <= 1]
    return [o for o in same if _year_ok(deal, o)]


def _narrow(deal: Mapping[str, object], cands: list[dict], main: bool) -> tuple[list[dict], str]:
    """Rule 3: one candidate, a package of several, or none (ambiguous) with the reason."""
    if len(cands) <= 1:
        return cands, ""
    year = int(deal["year_signed"])  # type: ignore[call-overload]
    same_year = [o for o in cands if int(o["year_ordered"]) == year]
    cands = same_year or cands
    if len(cands) == 1:
        return cands, ""
    if len({(o["designation"], o["year_ordered"]) for o in cands}) == 1 and len(
        {o["description"] for o in cands}
    ) == len(cands):
        return cands, "package"  # a SAM system and its missiles: one order to the buyer, two lines in SIPRI's
    ours = _number(deal.get("quantity"))
    if ours is not None and main:
        equal = [o for o in cands if _number(o["number_ordered"]) == ours]
        if len(equal) == 1:
            return equal, ""
        numbers = [_number(o["number_ordered"]) for o in cands]
        if all(n is not None for n in numbers) and sum(numbers) == ours:  # type: ignore[arg-type]
            return cands, "package"
    return [], "ambiguous: " + "; ".join(_describe(o) for o in cands)


def link_deals(deals: pd.DataFrame, register: pd.DataFrame) -> list[Link]:
    """Each of our deals against the register (rules in the module's docstring), in our file's order."""
    orders = []
    for o in register.to_dict("records"):
        o["family"] = order_family(str(o["designation"]), str(o["description"]))
        o["selected"] = bool(SELECTED.search(str(o.get("comments") or "")))
        o["delivery_years"] = o.get("delivery_years") if isinstance(o.get("delivery_years"), str) else ""
        orders.append(o)
    by_recipient: dict[str, list[dict]] = {}
    for o in orders:
        by_recipient.setdefault(str(o["recipient_iso3"]), []).append(o)

    proposed: dict[str, list[tuple[dict, str]]] = {}  # deal_id -> [(order, kind)]
    notes: dict[str, list[str]] = {}
    for deal in deals.to_dict("records"):
        did = str(deal["deal_id"])
        fams = deal_families(str(deal["system"]))
        mine = by_recipient.get(str(deal["recipient_iso3"]), [])
        proposed[did] = []
        notes[did] = []
        if not fams:
            notes[did].append("no family of systems in the rule table fits our system's name")
            continue
        for i, fam in enumerate(fams):
            main = i == 0
            cands, why = _narrow(deal, _candidates(deal, mine, fam), main)
            if why.startswith("ambiguous"):
                notes[did].append(why)
                continue
            if not cands:
                near = [o for o in mine if o["family"] == fam]
                notes[did].append(
                    f"no {fam} order within the rule's years"
                    + (f"; the register's {fam} orders: " + "; ".join(_describe(o) for o in near) if near else "")
                )
                continue
            if main and len(cands) == 1 and deal["stage"] not in ("framework", "transfer"):
                ours, theirs = _number(deal.get("quantity")), _number(cands[0]["number_ordered"])
                if ours is not None and theirs is not None and ours != theirs:
                    notes[did].append(f"ambiguous: we list {ours}, SIPRI's {_describe(cands[0])}")
                    continue
            single = main and len(cands) == 1 and why != "package" and deal["stage"] != "framework"
            kind = "match" if single else "part"  # a framework's SIPRI entry is its unordered remainder
            proposed[did] += [(o, kind) for o in cands]

    # Rule 5: an order claimed by two of our deals goes to the one signed in its year, else to none.
    claims: dict[str, list[str]] = {}
    for did, found in proposed.items():
        for o, _ in found:
            claims.setdefault(str(o["register_key"]), []).append(did)
    year_of = dict(zip(deals["deal_id"].astype(str), deals["year_signed"].astype(int), strict=True))
    for key, dids in claims.items():
        if len(dids) < 2:
            continue
        order = next(o for o in orders if o["register_key"] == key)
        same = [d for d in dids if year_of[d] == int(order["year_ordered"])]
        keep = same[0] if len(same) == 1 else None
        for did in dids:
            if did != keep:
                proposed[did] = [(o, k) for o, k in proposed[did] if o["register_key"] != key]
                given = f"given to {keep} (signed in its year)" if keep else "given to neither"
                notes[did].append(f"{key} also fits {', '.join(d for d in dids if d != did)}: {given}")

    # Rule 6: orders whose comment says "Part of" the deal a linked order states join its package.
    for found in proposed.values():
        have = {str(o["register_key"]) for o, _ in found}
        for o, _ in list(found):
            phrase = _deal_phrase(o.get("comments"))
            if not phrase:
                continue
            for other in by_recipient.get(str(o["recipient_iso3"]), []):
                text = str(other.get("comments") or "")
                if (
                    str(other["register_key"]) not in have
                    and other["year_ordered"] == o["year_ordered"]
                    and text.startswith("Part of")
                    and _deal_phrase(text) == phrase
                    and len(claims.get(str(other["register_key"]), [])) < 2
                ):
                    found.append((other, "part"))
                    have.add(str(other["register_key"]))
        if len(found) > 1:
            found[:] = [(o, "part") for o, _ in found]

    out: list[Link] = []
    for deal in deals.to_dict("records"):
        did = str(deal["deal_id"])
        found = proposed[did]
        if found:
            for o, kind in sorted(found, key=lambda x: str(x[0]["register_key"])):
                out.append(Link(did, str(o["register_key"]), kind, _link_note(deal, o, kind, notes[did])))
        else:
            kind = "ambiguous" if any(n.startswith("ambiguous") for n in notes[did]) else "none"
            out.append(Link(did, None, kind, "; ".join(notes[did]) or "no register order fits"))
    return out


def _link_note(deal: Mapping[str, object], order: Mapping[str, object], kind: str, extra: list[str]) -> str:
    parts = [f"same recipient, {order['family']}"]
    year = int(deal["year_signed"])  # type: ignore[call-overload]
    if deal["stage"] == "transfer" and _delivered_in(order, year):
        parts.append(f"delivered {year} (ordered {order['year_ordered']})")
    elif int(order["year_ordered"]) == year:  # type: ignore[call-overload]
        parts.append("same year")
    else:
        parts.append(f"ordered {order['year_ordered']}, signed {year}")
    main = order["family"] == next(iter(deal_families(str(deal["system"]))), None)
    ours, theirs = _number(deal.get("quantity")) if main else None, _number(order.get("number_ordered"))
    if theirs is not None:
        parts.append(f"SIPRI {theirs} ordered" + (f", we list {ours}" if ours is not None and ours != theirs else ""))
    if kind == "part":
        parts.append("part of one package")
    if deal["stage"] == "framework":
        parts.append("SIPRI lists it as selected, not yet ordered")
    return "; ".join(parts + [e for e in extra if not e.startswith("no ")])


def links_frame(links: list[Link]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "deal_id": [x.deal_id for x in links],
            "register_key": [x.register_key for x in links],
            "link": [x.link for x in links],
            "match_note": [x.note for x in links],
        }
    )


# ------------------------------------------------------------------ the lists on the Sources page
def register_only(register: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Register orders that no deal of ours is linked to (the register's rows, in its order)."""
    linked = set(links["register_key"].dropna())
    return register[~register["register_key"].isin(linked)].reset_index(drop=True)


def ours_only(deals: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Our deals linked to no register order, with the links file's note on why."""
    linked = set(links.loc[links["register_key"].notna(), "deal_id"])
    why = links[links["register_key"].isna()].drop_duplicates("deal_id").set_index("deal_id")
    out = deals[~deals["deal_id"].isin(linked)].copy()
    out["link"] = out["deal_id"].map(why["link"]) if len(why) else pd.NA
    out["match_note"] = out["deal_id"].map(why["match_note"]) if len(why) else pd.NA
    missing = out["link"].isna()  # a deal newer than the links file: not yet checked against the register
    out.loc[missing, "link"] = "none"
    out.loc[missing, "match_note"] = "not yet in the links file (tools/link_arms_register.py)"
    return out.reset_index(drop=True)


# ------------------------------------------------------------------ our value against SIPRI's comment
TOLERANCE = 0.10  # a stated value within 10% of ours (or of its range) agrees


@dataclass(frozen=True)
class ValueCheck:
    deal_id: str
    register_key: str
    ours: float  # millions, in `currency`
    currency: str
    stated: Stated

    @property
    def differs(self) -> bool:
        return not (self.stated.low_m * (1 - TOLERANCE) <= self.ours <= self.stated.high_m * (1 + TOLERANCE))

    def line(self) -> str:
        return (
            f"{self.deal_id} {self.currency} {self.ours:,.1f} m against {self.register_key}: "
            f"SIPRI states {self.stated.text}"
        )


def value_checks(deals: pd.DataFrame, register: pd.DataFrame, links: pd.DataFrame) -> list[ValueCheck]:
    """Each linked deal's value against the first amount SIPRI's comment states: in our original
    currency when SIPRI states one in it, else in US$ (ours: US$ at signing). Deals without a value of
    ours, and comments without an amount, give no check."""
    deal = deals.set_index("deal_id")
    reg = register.set_index("register_key")
    out: list[ValueCheck] = []
    seen: set[tuple[str, str]] = set()
    for row in links[links["register_key"].notna()].itertuples(index=False):
        d, o = deal.loc[row.deal_id], reg.loc[row.register_key]
        stated = stated_values(o["comments"])
        if not stated:
            continue
        cur = d.get("original_currency")
        cur = None if cur is None or pd.isna(cur) else str(cur)
        own = next((s for s in stated if cur and cur != "USD" and s.currency == cur), None)
        if own is not None and not pd.isna(d.get("original_amount_m")):
            check = ValueCheck(str(row.deal_id), str(row.register_key), float(d["original_amount_m"]), cur or "", own)
        else:
            usd = next((s for s in stated if s.currency == "USD"), None)
            value = d.get("usd_m_at_signing")
            if value is None or pd.isna(value):
                value = d.get("value_usd_m")
            if usd is None or value is None or pd.isna(value):
                continue
            check = ValueCheck(str(row.deal_id), str(row.register_key), float(value), "USD", usd)
        if (check.deal_id, check.stated.text) in seen:  # a package's orders often state one deal
            continue
        seen.add((check.deal_id, check.stated.text))
        out.append(check)
    return out


# ------------------------------------------------------------------ SIPRI's TIV delivered
# Plain Python over the rows (a few hundred): pandas' group-bys on the loaded frames cost ~50 ms a view here.
def tiv_by_recipient_year(
    deliveries: pd.DataFrame, years: tuple[int, int] | None = None, recipients: tuple[str, ...] = ()
) -> pd.DataFrame:
    """TIV delivered per recipient and year (recipient_iso3, year, tiv_m, deals), inside the filters."""
    wanted = set(recipients)
    tiv: dict[tuple[str, int], float] = {}
    deals: dict[tuple[str, int], set[int]] = {}
    for iso3, year, value, sipri_id in zip(
        deliveries["recipient_iso3"].tolist(), deliveries["year"].tolist(), deliveries["tiv_delivered_m"].tolist(),
        deliveries["sipri_id"].tolist(), strict=True,
    ):  # fmt: skip
        if (years is not None and not years[0] <= year <= years[1]) or (wanted and iso3 not in wanted):
            continue
        key = (str(iso3), int(year))
        tiv[key] = tiv.get(key, 0.0) + (0.0 if value is None or pd.isna(value) else float(value))
        deals.setdefault(key, set()).add(int(sipri_id))
    keys = sorted(tiv)
    return pd.DataFrame(
        {
            "recipient_iso3": [k[0] for k in keys],
            "year": [k[1] for k in keys],
            "tiv_m": [round(tiv[k], 2) for k in keys],
            "deals": [len(deals[k]) for k in keys],
        },
        columns=["recipient_iso3", "year", "tiv_m", "deals"],
    )


def tiv_by_recipient(per_year: pd.DataFrame, register: pd.DataFrame, deliveries: pd.DataFrame) -> pd.DataFrame:
    """Per recipient: TIV delivered in the view's years and the systems delivered (most TIV first)."""
    columns = ["recipient_iso3", "tiv_m", "deals", "systems"]
    if per_year.empty:
        return pd.DataFrame(columns=columns)
    names = {
        int(i): str(n)
        for i, n in zip(register["sipri_id"].tolist(), register["designation"].tolist(), strict=True)
        if i is not None and not pd.isna(i)
    }
    lo, hi = int(per_year["year"].min()), int(per_year["year"].max())
    shown = set(per_year["recipient_iso3"].tolist())
    systems: dict[str, dict[str, None]] = {}
    ids: dict[str, set[int]] = {}
    for iso3, year, sipri_id in zip(
        deliveries["recipient_iso3"].tolist(), deliveries["year"].tolist(), deliveries["sipri_id"].tolist(), strict=True
    ):
        if iso3 in shown and lo <= year <= hi:
            systems.setdefault(iso3, {})[names.get(int(sipri_id), str(sipri_id))] = None
            ids.setdefault(iso3, set()).add(int(sipri_id))
    total: dict[str, float] = {}
    for iso3, value in zip(per_year["recipient_iso3"].tolist(), per_year["tiv_m"].tolist(), strict=True):
        total[iso3] = total.get(iso3, 0.0) + float(value)
    order = sorted(total, key=lambda k: (-total[k], list(total).index(k)))
    return pd.DataFrame(
        {
            "recipient_iso3": order,
            "tiv_m": [round(total[k], 2) for k in order],
            "deals": [len(ids.get(k, ())) for k in order],
            "systems": [", ".join(systems.get(k, {})) for k in order],
        },
        columns=columns,
    )
