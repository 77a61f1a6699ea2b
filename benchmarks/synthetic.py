"""Synthetic explainers with the shape of the real one, deterministic from a seed.

Each case has three suits (two or three claims each), a verdict in two of them with 3 to 6
award lines, a request for damages, stated figures (one of them a declared discrepancy),
four people, 50 events and 20 sources. Event dates mix every precision the model accepts:
days, months, years, and ranges of each, some with a `date_label`. Every source is cited,
so a valid case raises no warnings either.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

EVENTS = 50
SOURCES = 20
AS_OF = date(2025, 9, 8)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SURNAMES = _words(
    "Abbott Baker Castillo Delgado Ellison Farrow Garcia Hollis Ibarra Jensen Kowalski "
    "Lindqvist Moreau Nakamura Okafor Petrov Quinlan Rasmussen Sato Tremblay Underwood Vasquez "
    "Whitfield Xiong Yamada Zielinski"
)
_GIVEN = _words(
    "Ada Ben Clara Dev Elena Farid Grace Hugo Iris Jonah Kira Luis Mara Noor Omar Priya"
)
_WORDS = _words(
    "the court jury motion filing ruling appeal counsel damages record hearing witness claim "
    "statement denial report opinion order judgment schedule evidence testimony panel verdict "
    "complaint answer notice review remand brief argument decision deadline settlement "
    "discovery deposition exhibit transcript objection sanction injunction docket trial"
)
_COURTS = (
    "U.S. District Court for the Southern District of New York",
    "U.S. District Court for the District of Columbia",
    "U.S. District Court for the Northern District of California",
    "New York State Supreme Court, Manhattan",
)
_APPEALS = ("U.S. Court of Appeals for the Second Circuit", "District of Columbia Court of Appeals")
_PUBLISHERS = (
    "Associated Press",
    "The New York Times",
    "Courthouse News Service",
    "NBC News",
    "Law360",
    "UPI",
    "Reuters",
)
_CLAIMS = (
    ("defamation", "Defamation"),
    ("battery", "Battery"),
    ("negligence", "Negligence"),
    ("fraud", "Fraud"),
    ("breach-of-contract", "Breach of contract"),
    ("emotional-distress", "Intentional infliction of emotional distress"),
)
_KINDS = ("allegation", "statement", "filing", "ruling", "trial", "verdict", "appeal", "other")


def make_case(index: int, seed: int = 0) -> dict[str, Any]:
    """Case number `index` (0-based) of a synthetic site; the same arguments give the same case."""
    rng = random.Random(f"{seed}:{index}")
    plaintiff = f"{rng.choice(_GIVEN)} {rng.choice(_SURNAMES)}"
    defendant = f"{rng.choice(_GIVEN)} {rng.choice(_SURNAMES)}"
    surname_p, surname_d = plaintiff.split()[1], defendant.split()[1]
    title = f"{surname_p} v. {surname_d} ({index + 1})"
    slug = f"{surname_p}-v-{surname_d}-{index + 1}".lower()
    judge = f"{rng.choice(_GIVEN)} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {rng.choice(_SURNAMES)}"

    sources = _sources(rng, surname_p, surname_d)
    ids = [s["id"] for s in sources]

    def cite(n: int = 2) -> list[str]:
        return rng.sample(ids, rng.randint(1, n))

    proceedings = _proceedings(rng, surname_p, surname_d, judge, cite)
    verdicts = _verdicts(rng, proceedings, cite)
    return {
        "slug": slug,
        "title": title,
        "summary": _prose(rng, 40),
        "as_of": AS_OF.isoformat(),
        "status": {"text": _prose(rng, 16), "sources": cite(3)},
        "next_step": {"text": _prose(rng, 12), "sources": cite(1)},
        "parties": [
            _party("plaintiff", plaintiff, rng, cite),
            _party("defendant", defendant, rng, cite),
            _party("counsel", f"{rng.choice(_GIVEN)} {rng.choice(_SURNAMES)}", rng, cite),
            _party("judge", judge, rng, cite),
        ],
        "proceedings": proceedings,
        "verdicts": verdicts,
        "sought": [
            {
                "proceeding": proceedings[0]["id"],
                "qualifier": "at_least",
                "amount_usd": 10_000_000,
                "what": _prose(rng, 8),
                "quote": "at least an additional $10 million",
                "sources": cite(2),
            }
        ],
        "stated_figures": _stated_figures(verdicts, cite),
        "events": _events(rng, proceedings, ids),
        "sources": sources,
    }


def write_site(project: Path, count: int, seed: int = 0) -> list[str]:
    """Write `count` synthetic cases to `project/data/cases/`; return their slugs."""
    folder = project / "data" / "cases"
    folder.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    slugs = []
    for index in range(count):
        case = make_case(index, seed)
        text = yaml.dump(
            case,
            Dumper=dumper,
            sort_keys=False,
            allow_unicode=True,
            width=100,
            default_flow_style=None,  # short lists inline, as in the real file
        )
        (folder / f"{case['slug']}.yaml").write_text(text, encoding="utf-8")
        slugs.append(case["slug"])
    return slugs


def _prose(rng: random.Random, words: int) -> str:
    out, sentence = [], []
    for _ in range(words):
        sentence.append(rng.choice(_WORDS))
        if len(sentence) >= rng.randint(8, 16):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    return " ".join(out)


def _day(rng: random.Random, start: int, end: int) -> date:
    first, last = date(start, 1, 1), date(end, 12, 31)
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _sources(rng: random.Random, surname_p: str, surname_d: str) -> list[dict[str, Any]]:
    sources = []
    for n in range(SOURCES):
        kind = "court" if n < 8 else ("other" if n >= 18 else "press")
        day = _day(rng, 2015, 2025)
        if day > AS_OF:
            day = AS_OF
        source: dict[str, Any] = {
            "id": f"{kind}-{n + 1}-{day.year}",
            "kind": kind,
            "title": f"{surname_p} v. {surname_d}"
            if kind == "court"
            else f"[{_prose(rng, 9).rstrip('.')}]",
            "publisher": rng.choice(_COURTS if kind == "court" else _PUBLISHERS),
        }
        if kind == "press" and rng.random() < 0.5:
            source["author"] = f"{rng.choice(_GIVEN)} {rng.choice(_SURNAMES)}"
        precision = rng.random()
        if precision < 0.75:
            source["date"] = day.isoformat()
        elif precision < 0.9:
            source["date"] = day.isoformat()[:7]
        if rng.random() < 0.6:
            source["url"] = f"https://example.org/{kind}/{day.year}/{surname_p.lower()}-{n + 1}"
        if kind == "court":
            source["citation"] = f"No. 1:{day.year % 100:02d}-cv-{rng.randint(1000, 99999):05d}"
        if rng.random() < 0.3:
            source["note"] = _prose(rng, 8)
        sources.append(source)
    return sources


def _party(role: str, name: str, rng: random.Random, cite: Any) -> dict[str, Any]:
    return {
        "id": f"{role}-" + name.lower().replace(".", "").replace(" ", "-"),
        "name": name,
        "role": role,
        "description": _prose(rng, 8),
        "sources": cite(3),
    }


def _proceedings(
    rng: random.Random, surname_p: str, surname_d: str, judge: str, cite: Any
) -> list[dict[str, Any]]:
    proceedings = []
    for n, roman in enumerate(("i", "ii", "iii")):
        claims = rng.sample(_CLAIMS, rng.randint(2, 3))
        filed = _day(rng, 2016 + 2 * n, 2017 + 2 * n)
        proceeding: dict[str, Any] = {
            "id": f"{surname_p.lower()}-{roman}",
            "name": f"{surname_p} {roman.upper()}",
            "caption": f"{surname_p} v. {surname_d}",
            "court": _COURTS[n % 3] if n < 2 else _APPEALS[0],
            "docket": f"No. 1:{filed.year % 100:02d}-cv-{rng.randint(1000, 99999):05d}",
            "judge": judge,
            "filed": filed.isoformat(),
            "claims": [
                {"id": cid, "name": name, "about": _prose(rng, 6).rstrip(".").lower()}
                for cid, name in claims
            ],
            "summary": _prose(rng, 16),
            "sources": cite(4),
        }
        if n == 0:
            proceeding["filed_note"] = _prose(rng, 10)
        proceedings.append(proceeding)
    return proceedings


def _verdicts(
    rng: random.Random, proceedings: list[dict[str, Any]], cite: Any
) -> list[dict[str, Any]]:
    verdicts = []
    for proceeding in proceedings[:2]:
        claims = [c["id"] for c in proceeding["claims"]]
        awards = []
        for n in range(rng.randint(3, 6)):
            kind = "punitive" if n % 3 == 2 else "compensatory"
            awards.append(
                {
                    "claim": claims[n % len(claims)],
                    "component": f"{kind}, {_prose(rng, 4).rstrip('.').lower()}",
                    "kind": kind,
                    "amount_usd": rng.randint(1, 900) * 10_000,
                }
            )
        verdicts.append(
            {
                "id": f"{proceeding['id']}-verdict",
                "proceeding": proceeding["id"],
                "date": _day(rng, 2023, 2024).isoformat(),
                "decision": rng.choice(("jury_verdict", "bench_ruling")),
                "finding": _prose(rng, 16),
                "awards": awards,
                "sources": cite(4),
            }
        )
    return verdicts


def _stated_figures(verdicts: list[dict[str, Any]], cite: Any) -> list[dict[str, Any]]:
    figures = []
    for verdict in verdicts:
        total = sum(line["amount_usd"] for line in verdict["awards"])
        compensatory = sum(
            line["amount_usd"] for line in verdict["awards"] if line["kind"] == "compensatory"
        )
        figures.append(
            {"verdict": verdict["id"], "measure": "total", "amount_usd": total, "sources": cite(2)}
        )
        figures.append(
            {
                "verdict": verdict["id"],
                "measure": "compensatory",
                "amount_usd": compensatory,
                "sources": cite(1),
            }
        )
    figures.append(
        {
            "verdict": verdicts[-1]["id"],
            "measure": "total",
            "amount_usd": figures[-2]["amount_usd"] + 1_000_000,
            "quote": "about a million more",
            "discrepancy": "A later opinion states a total one million dollars higher than the "
            "sum of the verdict's parts; the sources do not explain the difference.",
            "sources": cite(1),
        }
    )
    return figures


def _event_date(rng: random.Random, n: int) -> tuple[str, str | None, str]:
    """A date text, an optional label, and a status; mixes every precision."""
    if n >= EVENTS - 2:  # the last two are still to come
        day = AS_OF + timedelta(days=30 + 60 * (n - EVENTS + 2))
        return (day.isoformat()[:7] if n % 2 else day.isoformat()), None, "scheduled"
    day = _day(rng, 1995, 2024)
    roll = rng.random()
    if roll < 0.55:
        return day.isoformat(), None, "held"
    if roll < 0.70:
        return day.isoformat()[:7], None, "held"
    if roll < 0.80:
        return str(day.year), None, "held"
    if roll < 0.88:
        return f"{day.year}/{day.year + 1}", f"late {day.year} or early {day.year + 1}", "held"
    if roll < 0.94:
        end = day + timedelta(days=rng.randint(1, 3))
        return f"{day.isoformat()}/{end.isoformat()}", None, "held"
    later = min(day + timedelta(days=rng.randint(40, 120)), date(2024, 12, 31))
    return f"{day.isoformat()[:7]}/{later.isoformat()[:7]}", None, "held"


def _events(
    rng: random.Random, proceedings: list[dict[str, Any]], ids: list[str]
) -> list[dict[str, Any]]:
    events = []
    for n in range(EVENTS):
        when, label, status = _event_date(rng, n)
        cited = sorted({ids[n % len(ids)], *rng.sample(ids, rng.randint(0, 3))})
        event: dict[str, Any] = {
            "id": f"event-{n + 1}",
            "date": when,
            "kind": _KINDS[n % len(_KINDS)],
            "proceedings": sorted(rng.sample([p["id"] for p in proceedings], rng.randint(0, 2))),
            "title": _prose(rng, rng.randint(5, 9)).rstrip("."),
        }
        if status != "held":
            event["status"] = status
        if label:
            event["date_label"] = label
        if rng.random() < 0.5:
            event["description"] = _prose(rng, rng.randint(8, 16))
        if rng.random() < 0.2:
            event["quotes"] = [
                {
                    "text": _prose(rng, 5).rstrip("."),
                    "context": _prose(rng, 9),
                    "speaker": f"{rng.choice(_GIVEN)} {rng.choice(_SURNAMES)}",
                    "source": rng.choice(cited),
                }
                for _ in range(rng.randint(1, 3))
            ]
        if label or rng.random() < 0.06:
            event["date_accounts"] = [
                {"text": f"{_prose(rng, 4).rstrip('.')} ({source})", "sources": [source]}
                for source in rng.sample(cited, min(2, len(cited)))
            ]
        event["sources"] = cited
        events.append(event)
    return events
