"""Writes a synthetic corporate scorecard data folder for benchmarks: N indicators over M months.

Usage: python3 scripts/synthetic.py OUT_DIR [--indicators 600] [--months 24] [--owners 40]
                                    [--outcome-under-title] [--baseline-json PATH]

The data looks like a council's corporate scorecard: service sections with references such
as ADU-008 and CORP-FIN-012, three comparators (Statistical neighbours, Region, England),
counts, percentages and rates (typed, and computed by formula), money in £m and £k (budget
variances go below zero), numbers of days and kilograms, targets (some stepping up each
April) with floors, and about 700 characters of commentary per indicator per month. The
months start in April 2019. A fixed seed makes the output byte-identical from run to run.

--outcome-under-title sets report.yaml `layout: {outcome: under-title}`.
--baseline-json PATH also writes the report month's table as display strings, one row per
indicator with the scorecard's columns, for scripts/bench-table.typ.
"""

import argparse
import json
import os
import random

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
FIRST_YEAR, FIRST_MONTH = 2019, 4

POPULATIONS = {
    "residents": ("Residents", 252_400),
    "adults_18_plus": ("Adults aged 18 and over", 201_300),
    "children_0_17": ("Children aged 0–17", 51_100),
    "households": ("Households", 108_650),
}

# (reference prefix, section id, title, sub-areas, the things its indicators count, population)
THEMES = [
    ("ADU", "adults", "Adult social care",
     ["safeguarding", "assessment and review", "commissioning"],
     ["care needs assessments", "safeguarding enquiries", "annual care reviews",
      "reablement packages", "carers' assessments", "direct payment reviews"],
     "adults_18_plus"),
    ("CHI", "children", "Children's services",
     ["front door", "child protection", "children in care"],
     ["referrals to children's social care", "child protection visits", "single assessments",
      "early help assessments", "care leaver reviews", "return home interviews"],
     "children_0_17"),
    ("HOU", "housing", "Housing",
     ["homelessness", "repairs and voids", "tenancy services"],
     ["homelessness applications", "responsive repairs", "void properties",
      "housing register applications", "tenancy audits", "disabled facilities grants"],
     "households"),
    ("ENV", "environment", "Environment and waste",
     ["waste and recycling", "street scene", "parks and open spaces"],
     ["bin collections", "fly-tipping reports", "street cleansing inspections",
      "abandoned vehicle reports", "graffiti removals", "tree works orders"],
     "households"),
    ("CUS", "customer", "Customer services",
     ["contact centre", "complaints", "digital channels"],
     ["telephone calls", "stage 1 complaints", "online transactions",
      "Freedom of Information requests", "councillor enquiries", "webchat sessions"],
     "residents"),
    ("PH", "public-health", "Public health",
     ["prevention", "sexual health", "substance misuse"],
     ["NHS Health Checks", "smoking quit attempts", "sexual health appointments",
      "drug treatment referrals", "health visitor checks", "weight management referrals"],
     "residents"),
    ("REG", "regeneration", "Regeneration and planning",
     ["development management", "building control", "economic development"],
     ["major planning applications", "minor planning applications",
      "building control applications", "business support enquiries",
      "enforcement complaints", "land charges searches"],
     "residents"),
    ("CORP-FIN", "finance", "Corporate finance",
     ["budget monitoring", "revenues", "benefits"],
     ["supplier invoices", "council tax accounts", "business rates accounts",
      "housing benefit claims", "council tax support claims", "debt recovery cases"],
     "households"),
    ("CORP-HR", "workforce", "Workforce",
     ["recruitment", "attendance", "learning and development"],
     ["recruitment campaigns", "staff appraisals", "disciplinary cases",
      "apprenticeship starts", "occupational health referrals", "mandatory training modules"],
     "residents"),
    ("CORP-ICT", "digital", "Digital and ICT",
     ["service desk", "cyber security", "digital projects"],
     ["service desk tickets", "security incidents", "system changes",
      "laptop replacements", "data protection breaches", "subject access requests"],
     "residents"),
]
SECTION_SIZE = 20

OUTCOMES = [
    "Residents receive a timely and effective service that meets their needs first time.",
    "The council manages its resources well and delivers value for money for local taxpayers.",
    "People are safe, and are protected from harm and neglect by services that work together.",
    "Demand is understood and managed, so that help reaches those who need it most, early.",
    "Services are easy to reach online, and people who need help to use them get it.",
    "The council is a good employer with a skilled, healthy and motivated workforce.",
    "Homes are safe, warm and well maintained, and nobody has to sleep rough in the city.",
    "Streets and open spaces are clean, green and well looked after, and waste is reduced.",
    "Decisions are made on time and to a consistent standard, in line with national guidance.",
    "Health inequalities narrow as more residents take up preventive services.",
]

SENTENCES = [
    "The service continues to monitor demand closely and the figure remains within the expected range for the time of year.",
    "Some of the variation reflects seasonal pressures and the change to recording practice introduced in {month}.",
    "A deep dive by the performance team found no single cause; case audits are planned for next quarter to test quality as well as timeliness.",
    "Staffing remains the main risk: {n} vacancies were filled in {month}, but agency cover stays in place until the new starters complete their induction.",
    "The improvement plan agreed by the Executive is on track, with {n} of {m} actions complete and the rest due by {next}.",
    "Benchmarking against statistical neighbours puts the council in the middle quartile, and the gap to the regional average has narrowed.",
    "Demand rose by {p}% compared with the same month last year, in line with the trend reported to Overview and Scrutiny.",
    "Data quality checks found {n} records entered late; these have been corrected and are included in this month's figure.",
    "The head of service will report progress to the Corporate Management Team in {next}.",
    "Costs remain within the approved budget, although inflation in contract prices of around {p}% is a pressure for the rest of the year.",
    "Feedback from the resident survey is broadly positive, and most negative comments concern waiting times rather than the outcome.",
    "A new case management system goes live in {next}; a short dip in recording is expected while staff are trained.",
    "Partners in health and the voluntary sector have agreed a joint action plan to manage demand at the front door.",
    "The figure is provisional and may be revised when the quarterly statutory return is validated.",
    "Managers review every case over the timescale each week, and the oldest cases are escalated to the service lead.",
    "The trend over the last twelve months is stable, with no special cause variation identified in the SPC chart.",
    "Savings of £{k}k are forecast against the target of £{t}k for the year – the shortfall is covered by one-off reserves.",
    "Two team leaders have joined from neighbouring authorities, bringing experience of the model the council is adopting.",
    "Performance dipped during the school holidays, as it does every year, and recovered in the following month.",
    "Members asked at the last Cabinet meeting for a breakdown by ward; this will be included from the {next} report.",
]


def month_label(index: int) -> tuple[int, int]:
    """The (year, month) of the index-th month of the data."""
    total = FIRST_YEAR * 12 + FIRST_MONTH - 1 + index
    return total // 12, total % 12 + 1


def month_name(index: int) -> str:
    year, month = month_label(index)
    return f"{MONTH_NAMES[month - 1]} {year}"


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def number(x: float, decimals: int) -> str:
    """As typed in a month file: an integer, or a decimal without float noise."""
    return str(int(round(x))) if decimals == 0 else repr(round(x, decimals))


class Indicator:
    def __init__(self, **fields):
        self.benchmarks: dict[str, float] = {}
        self.target = None
        self.floor = None
        self.formula = None
        self.per = None
        self.scale = None
        self.suffix = None
        self.decimals = 0
        self.values: list = []
        self.commentary: list[str] = []
        self.__dict__.update(fields)


def steps(months: int, first: float, step: float) -> list[tuple[str, float]]:
    """A target that starts in the first April of the data and rises each April after."""
    aprils = [i for i in range(months) if month_label(i)[1] == 4] or [0]
    out = []
    for n, i in enumerate(aprils):
        year, month = month_label(i)
        out.append((f"{year}-{month:02d}", first + n * step))
    return out


def benchmarks(rng: random.Random, centre: float, spread: float, decimals: int) -> dict[str, float]:
    # Corporate returns often lack one comparator, which prints "Local".
    ids = ["sn", "region", "england"]
    if rng.random() < 0.25:
        ids.remove(rng.choice(ids))
    return {c: round(max(0.0, rng.gauss(centre, spread)), decimals) for c in ids}


def make_indicators(rng: random.Random, count: int, months: int) -> list[Indicator]:
    """Sections of twenty; each ten indicators are a count, the part of it done on time,
    that part as a percentage (formula), the count as a rate (formula), a satisfaction
    percentage, a budget variance in £m, a number of days, income in £k, kilograms and a
    typed rate."""
    indicators: list[Indicator] = []
    refs_used = {theme[0]: 0 for theme in THEMES}
    block: dict[str, Indicator] = {}
    for i in range(count):
        s, position = divmod(i, SECTION_SIZE)
        theme = THEMES[s % len(THEMES)]
        prefix, theme_id, theme_title, areas, things, population = theme
        cycle, area_index = divmod(s // len(THEMES), len(areas))
        area = areas[area_index]
        section_id = f"{theme_id}-{area.replace(' ', '-')}" + (f"-{cycle + 1}" if cycle else "")
        section_title = f"{theme_title}: {area}" + (f" ({cycle + 1})" if cycle else "")
        refs_used[prefix] += 1
        kind = position % 10
        # A count, its subset, their percentage and its rate (kinds 0 to 3) share a subject.
        if kind == 0 or kind > 3:
            thing = things[rng.randrange(len(things))]
        base = dict(
            id=f"{prefix.lower()}-{refs_used[prefix]:03d}",
            ref=f"{prefix}-{refs_used[prefix]:03d}",
            section_id=section_id,
            section_title=section_title,
            outcome=OUTCOMES[rng.randrange(len(OUTCOMES))],
        )

        if kind == 0:
            level = rng.randint(80, 2400)
            ind = Indicator(**base, kind="count", unit="count", polarity="neutral", level=level,
                            title=f"Number of {thing} received in the month "
                                  f"(includes those transferred in from partner agencies)")
            ind.benchmarks = benchmarks(rng, level, level * 0.15, 0)
            block = {"total": ind}
        elif kind == 1:
            ind = Indicator(**base, kind="subset", unit="count", polarity="up",
                            of=block["total"], share=rng.uniform(0.6, 0.9),
                            title=f"Number of {thing} completed within the statutory timescale")
        elif kind == 2:
            ind = Indicator(**base, kind="share", unit="percentage", polarity="up", decimals=1,
                            title=f"Percentage of {thing} completed within the statutory "
                                  f"timescale (rolling position at the end of the month)")
            ind.formula = {"numerator": block["subset"], "denominator": block["total"]}
            ind.target = steps(months, 80, 5)
            ind.floor = 70
            ind.benchmarks = benchmarks(rng, 78, 6, 1)
        elif kind == 3:
            ind = Indicator(**base, kind="rate", unit="rate", polarity="neutral", decimals=1,
                            population=population,
                            title=f"Rate of {thing} per 10,000 "
                                  f"{POPULATIONS[population][0].lower()}")
            ind.formula = {"numerator": block["total"], "population": population}
            ind.per = 10000
            expected = 10000 * block["total"].level / POPULATIONS[population][1]
            ind.benchmarks = benchmarks(rng, expected, expected * 0.2, 1)
        elif kind == 4:
            ind = Indicator(**base, kind="percentage", unit="percentage", polarity="up",
                            decimals=rng.choice([0, 1]), centre=rng.uniform(70, 92),
                            title=f"Percentage of residents satisfied with the handling of "
                                  f"{thing} (monthly transactional survey)")
            ind.target = 85
            ind.floor = 75
            ind.benchmarks = benchmarks(rng, 82, 5, ind.decimals)
        elif kind == 5:
            ind = Indicator(**base, kind="variance", unit="money", polarity="up",
                            decimals=rng.choice([1, 2]), centre=rng.uniform(-1.5, 0.8),
                            title=f"Revenue budget variance, {theme_title.lower()}: forecast "
                                  f"outturn against the approved budget (overspend negative)")
            ind.scale = "millions"
        elif kind == 6:
            decimals = 1 if prefix == "CORP-HR" else 0
            centre = 9.5 if decimals else rng.uniform(15, 45)
            what = {
                "CORP-HR": "Average working days lost to sickness absence per full-time "
                           "equivalent employee (rolling 12 months)",
                "HOU": "Average days to re-let a council home, key to key (excluding "
                       "properties needing major works)",
            }.get(prefix, f"Average number of days to complete {thing}, from receipt to closure")
            ind = Indicator(**base, kind="days", unit="number", polarity="down",
                            decimals=decimals, centre=centre, title=what)
            ind.suffix = "days"
            ind.target = round(centre * 0.9, decimals)
            ind.floor = round(centre * 1.1, decimals)
            ind.benchmarks = benchmarks(rng, centre, centre * 0.15, decimals)
        elif kind == 7:
            centre = rng.uniform(150, 900)
            ind = Indicator(**base, kind="income", unit="money", polarity="up", centre=centre,
                            title=f"Income collected from fees and charges for {thing} "
                                  f"in the month (all payment channels)")
            ind.scale = "thousands"
            ind.target = steps(months, round(centre, -1), round(centre * 0.05, -1))
        elif kind == 8:
            centre = rng.uniform(35, 55)
            ind = Indicator(**base, kind="kg", unit="number", polarity="down", decimals=1,
                            centre=centre,
                            title="Residual household waste collected per household (kg), "
                                  "excluding waste sent for reuse, recycling or composting"
                                  if prefix == "ENV" else
                                  "Office waste sent to landfill per employee (kg), all council "
                                  "buildings")
            ind.suffix = "kg"
            ind.benchmarks = benchmarks(rng, centre, 4, 1)
        else:
            centre = rng.uniform(2, 12)
            ind = Indicator(**base, kind="typed-rate", unit="rate", polarity="down", decimals=1,
                            centre=centre,
                            title=f"Complaints about {thing} upheld at stage 1 or 2, "
                                  f"per 1,000 transactions")
            ind.per = 1000
            ind.benchmarks = benchmarks(rng, centre, centre * 0.2, 1)
        if kind == 1:
            block["subset"] = ind
        indicators.append(ind)
    return indicators


def make_values(rng: random.Random, indicators: list[Indicator], months: int) -> None:
    """Every indicator's value in every month; formulas are computed as the loader does."""
    for ind in indicators:
        drift = rng.uniform(-0.01, 0.01)
        for m in range(months):
            trend = 1 + drift * m
            if ind.kind == "count":
                v = max(0, round(rng.gauss(ind.level * trend, ind.level * 0.08)))
            elif ind.kind == "subset":
                total = ind.of.values[m]
                v = None if total is None else min(total, round(total * min(1.0, rng.gauss(ind.share, 0.04))))
            elif ind.kind == "share":
                num, den = ind.formula["numerator"].values[m], ind.formula["denominator"].values[m]
                v = None if num is None or den is None else ("n/a" if den == 0 else 100 * num / den)
            elif ind.kind == "rate":
                num = ind.formula["numerator"].values[m]
                v = None if num is None else 10000 * num / POPULATIONS[ind.population][1]
            elif ind.kind == "percentage":
                v = min(100.0, max(0.0, round(rng.gauss(ind.centre, 4), ind.decimals)))
            elif ind.kind == "variance":
                v = round(rng.gauss(ind.centre, 0.5), ind.decimals)
            elif ind.kind == "income":
                v = max(0, round(rng.gauss(ind.centre * trend, ind.centre * 0.1)))
            else:
                v = max(0.0, round(rng.gauss(ind.centre * trend, ind.centre * 0.08), ind.decimals))
            # A late return now and then leaves a gap.
            if ind.formula is None and m < months - 1 and rng.random() < 0.004:
                v = None
            ind.values.append(v)


def target_in(ind: Indicator, m: int):
    if ind.target is None or not isinstance(ind.target, list):
        return ind.target
    year, month = month_label(m)
    current = None
    for start, value in ind.target:
        if start <= f"{year}-{month:02d}":
            current = value
    return current


def make_commentary(rng: random.Random, indicators: list[Indicator], months: int) -> None:
    """About 700 characters per indicator per month: the figures, then the service's story."""
    for m in range(months):
        this, previous, upcoming = month_name(m), month_name(max(0, m - 1)), month_name(m + 1)
        for ind in indicators:
            v, prev = ind.values[m], ind.values[max(0, m - 1)]
            parts = []
            if isinstance(v, (int, float)) and isinstance(prev, (int, float)):
                text = (f"The figure for {this} is {display(ind, v)}, against {display(ind, prev)} "
                        f"in {previous}")
                target = target_in(ind, m)
                if target is not None:
                    text += f" and a target of {display(ind, target)}"
                parts.append(text + ".")
            else:
                parts.append(f"No validated figure is available for {this}; the return is expected next month.")
            choices = rng.sample(SENTENCES, len(SENTENCES))
            while sum(len(p) + 1 for p in parts) < 650:
                parts.append(choices.pop().format(
                    month=this, next=upcoming, n=rng.randint(2, 9), m=rng.randint(10, 16),
                    p=rng.randint(3, 18), k=rng.randint(120, 480), t=rng.randint(500, 650)))
            ind.commentary.append(" ".join(parts))


def format_number(x: float, decimals: int) -> str:
    text = f"{abs(x):,.{decimals}f}"
    return ("\u2212" + text) if round(x, decimals) < 0 else text


def display(ind: Indicator, x) -> str:
    """A value as the scorecard prints it: 1,518 / 24.4% / −£0.94m / 26 days."""
    if x is None:
        return "\u2013"
    if x == "n/a":
        return "n/a"
    if ind.unit == "percentage":
        return format_number(x, ind.decimals) + "%"
    if ind.unit == "money":
        sign = "\u2212" if round(x, ind.decimals) < 0 else ""
        scale = {"millions": "m", "thousands": "k"}[ind.scale]
        return f"{sign}£{format_number(abs(x), ind.decimals)}{scale}"
    if ind.unit == "number":
        return f"{format_number(x, ind.decimals)} {ind.suffix}"
    return format_number(x, ind.decimals)


def change(now, base) -> str:
    if not isinstance(now, (int, float)) or not isinstance(base, (int, float)):
        return "\u2013"
    if base <= 0:
        return "n/a"
    return format_number(100 * (now - base) / base, 0) + "%"


def write_report(out: str, outcome_under_title: bool) -> None:
    with open(os.path.join(out, "report.yaml"), "w") as f:
        f.write(
            "organisation: Synthetic Borough Council\n"
            "title: Corporate Performance Scorecard\n"
            "language: en-GB\n"
            "protective_marking: OFFICIAL\n"
            "direction_of_travel: latest-vs-12m-average\n"
            'currency: "£"\n'
            "comparators:\n"
            "  - {id: sn, label: Statistical neighbours, name: CIPFA nearest statistical neighbours}\n"
            "  - {id: region, label: Region, name: South East region}\n"
            "  - {id: england, label: England, name: England}\n"
            "populations:\n"
        )
        for pid, (name, value) in POPULATIONS.items():
            f.write(f"  {pid}: {{name: {quoted(name)}, value: {value}}}\n")
        if outcome_under_title:
            f.write("layout:\n  outcome: under-title\n")


def write_indicators(out: str, indicators: list[Indicator], owners: int = 0) -> None:
    with open(os.path.join(out, "indicators.yaml"), "w") as f:
        f.write("sections:\n")
        section = None
        for ind in indicators:
            if ind.section_id != section:
                section = ind.section_id
                f.write(f"  - id: {section}\n    title: {quoted(ind.section_title)}\n    indicators:\n")
            f.write(f"      - id: {ind.id}\n        ref: {ind.ref}\n")
            if owners:
                f.write(f"        owner: lead-{indicators.index(ind) * owners // len(indicators) + 1:02d}\n")
            f.write(f"        title: {quoted(ind.title)}\n        outcome: {quoted(ind.outcome)}\n")
            f.write(f"        unit: {ind.unit}\n")
            if ind.per is not None:
                f.write(f"        per: {ind.per}\n")
            if ind.scale is not None:
                f.write(f"        scale: {ind.scale}\n")
            if ind.suffix is not None:
                f.write(f"        suffix: {ind.suffix}\n        negative: false\n")
            f.write(f"        polarity: {ind.polarity}\n")
            if ind.decimals:
                f.write(f"        decimals: {ind.decimals}\n")
            if ind.benchmarks:
                pairs = ", ".join(f"{c}: {number(v, ind.decimals)}" for c, v in ind.benchmarks.items())
                f.write(f"        benchmarks: {{{pairs}}}\n")
            if isinstance(ind.target, list):
                items = ", ".join(f"{{from: {start}, value: {number(v, ind.decimals)}}}" for start, v in ind.target)
                f.write(f"        target: [{items}]\n")
            elif ind.target is not None:
                f.write(f"        target: {number(ind.target, ind.decimals)}\n")
            if ind.floor is not None:
                f.write(f"        floor: {number(ind.floor, ind.decimals)}\n")
            if ind.formula:
                num = ind.formula["numerator"].id
                other = (f"denominator: {ind.formula['denominator'].id}" if "denominator" in ind.formula
                         else f"population: {ind.formula['population']}")
                f.write(f"        formula: {{numerator: {num}, {other}}}\n")


def write_months(out: str, indicators: list[Indicator], months: int) -> None:
    for m in range(months):
        year, month = month_label(m)
        with open(os.path.join(out, "months", f"{year}-{month:02d}.yaml"), "w") as f:
            f.write(f"month: {year}-{month:02d}\nvalues:\n")
            for ind in indicators:
                if ind.formula is None:
                    v = ind.values[m]
                    f.write(f"  {ind.id}: {'null' if v is None else number(v, ind.decimals)}\n")
            f.write("commentary:\n")
            for ind in indicators:
                f.write(f"  {ind.id}: {quoted(ind.commentary[m])}\n")


def write_baseline(path: str, indicators: list[Indicator], months: int) -> None:
    """The report month's rows as display strings, in the scorecard's columns."""
    last = months - 1
    # Always six month columns, as in the scorecard; months before the data print "–".
    shown = range(months - 6, months)
    window = range(max(0, months - 12), months)

    def short(m: int) -> str:
        year, month = month_label(m)
        return f"{MONTH_NAMES[month - 1][:3]}-{year % 100:02d}"

    rows = []
    for ind in indicators:
        present = [ind.values[m] for m in window if isinstance(ind.values[m], (int, float))]
        rows.append({
            "ref": ind.ref,
            "title": ind.title,
            "outcome": ind.outcome,
            "values": [display(ind, ind.values[m] if m >= 0 else None) for m in shown],
            "change_month": change(ind.values[last], ind.values[last - 1]) if last >= 1 else "\u2013",
            "change_year": change(ind.values[last], ind.values[last - 12]) if last >= 12 else "\u2013",
            "average": display(ind, sum(present) / len(present)) if present else "\u2013",
            "maximum": display(ind, max(present)) if present else "\u2013",
            "benchmarks": [display(ind, ind.benchmarks[c]) if c in ind.benchmarks else "Local"
                           for c in ("sn", "region", "england")],
            "commentary": ind.commentary[last],
        })
    document = {
        "title": "Corporate Performance Scorecard",
        "organisation": "Synthetic Borough Council",
        "month": month_name(last),
        "months": [short(m) for m in shown],
        "change_month": f"% change from {short(last - 1)}",
        "change_year": f"% change from {short(last - 12)}",
        "commentary": f"Commentary ({short(last)})",
        "comparators": ["Statistical neighbours", "Region", "England"],
        "rows": rows,
    }
    with open(path, "w") as f:
        json.dump(document, f, ensure_ascii=False, indent=1)
        f.write("\n")


def write_distribution(out: str, owners: int) -> None:
    with open(os.path.join(out, "distribution.yaml"), "w") as f:
        f.write("from: Performance Team <performance@example.gov.uk>\n")
        f.write('subject: "{organisation}: {title}, {month}"\n')
        f.write("body: The {title} for {month} is attached.\n")
        f.write("lists:\n  - to: [board@example.gov.uk]\nowners:\n")
        for k in range(1, owners + 1):
            f.write(f"  - id: lead-{k:02d}\n    name: Service Lead {k}\n"
                    f"    email: lead-{k:02d}@example.gov.uk\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--indicators", type=int, default=600)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--outcome-under-title", action="store_true",
                        help="print each outcome beneath its indicator's title (report.yaml layout)")
    parser.add_argument("--owners", type=int, default=0,
                        help="give the indicators this many owners (in runs, in report order) "
                             "and write a distribution.yaml listing them, for `scorecard commentary`")
    parser.add_argument("--baseline-json", metavar="PATH",
                        help="also write the report month's rows for scripts/bench-table.typ")
    args = parser.parse_args()
    if args.months < 1 or args.indicators < 1:
        parser.error("--indicators and --months must be at least 1")
    rng = random.Random(20200630)
    indicators = make_indicators(rng, args.indicators, args.months)
    make_values(rng, indicators, args.months)
    make_commentary(rng, indicators, args.months)

    months_dir = os.path.join(args.out, "months")
    os.makedirs(months_dir, exist_ok=True)
    # Month files left by a longer earlier run would join the data.
    for name in os.listdir(months_dir):
        if name.endswith(".yaml"):
            os.remove(os.path.join(months_dir, name))
    write_report(args.out, args.outcome_under_title)
    write_indicators(args.out, indicators, args.owners)
    if args.owners:
        write_distribution(args.out, args.owners)
    write_months(args.out, indicators, args.months)
    if args.baseline_json:
        write_baseline(args.baseline_json, indicators, args.months)


if __name__ == "__main__":
    main()
