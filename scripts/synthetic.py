"""Writes a synthetic scorecard data folder for benchmarks: N indicators over M months.

Usage: python3 scripts/synthetic.py OUT_DIR [--indicators 600] [--months 24]

The data is deterministic (a fixed seed), mixes counts, typed percentages and formula
indicators, and gives every indicator a paragraph of commentary in the last month."""

import argparse
import os
import random


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--indicators", type=int, default=600)
    parser.add_argument("--months", type=int, default=24)
    args = parser.parse_args()
    rng = random.Random(20200630)
    os.makedirs(os.path.join(args.out, "months"), exist_ok=True)

    with open(os.path.join(args.out, "report.yaml"), "w") as f:
        f.write(
            "organisation: Synthetic Borough Council\n"
            "title: Synthetic Performance Scorecard\n"
            "protective_marking: OFFICIAL\n"
            "comparators:\n"
            "  - {id: sn, label: SN, name: Statistical neighbours}\n"
            "  - {id: region, label: Region, name: Region}\n"
            "  - {id: england, label: England, name: England}\n"
            "populations:\n"
            "  residents: {name: Residents, value: 250000}\n"
        )

    kinds = []
    with open(os.path.join(args.out, "indicators.yaml"), "w") as f:
        f.write("sections:\n")
        for i in range(args.indicators):
            if i % 20 == 0:
                f.write(f"  - id: section-{i // 20 + 1}\n    title: Section {i // 20 + 1}\n    indicators:\n")
            kind = ["count", "percentage", "ratio", "rate"][i % 4]
            kinds.append(kind)
            f.write(f"      - id: ind-{i}\n        ref: \"{i + 1}\"\n")
            f.write(f"        title: Synthetic indicator number {i + 1} measuring something that matters\n")
            f.write("        outcome: Residents receive a timely and effective service.\n")
            polarity = ["up", "down", "neutral"][i % 3]
            if kind == "count":
                f.write(f"        unit: count\n        polarity: {polarity}\n")
                f.write(f"        benchmarks: {{sn: {rng.randint(50, 500)}, region: {rng.randint(50, 500)}, england: {rng.randint(50, 500)}}}\n")
            elif kind == "percentage":
                f.write(f"        unit: percentage\n        polarity: {polarity}\n        target: 80\n")
            elif kind == "ratio":
                f.write(f"        unit: percentage\n        polarity: {polarity}\n")
                den = i - 2 if i < 6 else i - 6
                f.write(f"        formula: {{numerator: ind-{i - 2}, denominator: ind-{den}}}\n")
            else:
                f.write(f"        unit: rate\n        per: 10000\n        polarity: {polarity}\n")
                f.write(f"        formula: {{numerator: ind-{i - 3}, population: residents}}\n")

    words = ("the service continues to monitor demand closely and numbers remain within the expected "
             "range although some variation reflects seasonal pressures and recording changes").split()
    for m in range(args.months):
        year, month = 2019 + (m // 12), m % 12 + 1
        with open(os.path.join(args.out, "months", f"{year}-{month:02d}.yaml"), "w") as f:
            f.write(f"month: {year}-{month:02d}\nvalues:\n")
            for i, kind in enumerate(kinds):
                if kind == "count":
                    f.write(f"  ind-{i}: {max(0, int(rng.gauss(200, 30)))}\n")
                elif kind == "percentage":
                    f.write(f"  ind-{i}: {min(100, max(0, round(rng.gauss(75, 8), 1)))}\n")
            if m == args.months - 1:
                f.write("commentary:\n")
                for i in range(len(kinds)):
                    text = " ".join(rng.choice(words) for _ in range(rng.randint(20, 60)))
                    f.write(f"  ind-{i}: {text.capitalize()}.\n")


if __name__ == "__main__":
    main()
