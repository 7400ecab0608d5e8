//! The shipped sample reproduces the published June 2020 scorecard it was transcribed
//! from (`../shared/seed/`): the January–June values, the % change from May and from June
//! 2019, and the 12-month average and maximum, computed by `scorecard figures` from the
//! data files. The published figures are typed below, row by row, from the seed.
//!
//! Where the seed disagrees with itself, the disagreement is listed in `SEED_EXCEPTIONS`
//! with the reason (also in data/README.md); every other figure must match, changes within
//! one point where the seed rounded differently.

mod common;

use common::*;

#[derive(Debug, Clone, Copy)]
enum Published {
    Pct(i64),
    NotApplicable,
    Unreadable,
}
use Published::{NotApplicable, Pct, Unreadable};

struct Row {
    id: &'static str,
    values: [Option<i64>; 6],
    change_month: Published,
    change_year: Published,
    average: Option<i64>,
    maximum: Option<i64>,
}

/// Figures where the seed's own numbers disagree; each names the figure and why.
const SEED_EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "cpp-rate",
        "value Jan-20",
        "published 97, but 468 children / 50,835 gives 92; every other month fits the count",
    ),
    (
        "icpc-rate",
        "value May-20",
        "published 11, but 52 conferences / 50,835 gives 10",
    ),
    (
        "icpc-rate",
        "change_month",
        "follows from the published May rate of 11, which the count (52) does not support",
    ),
    (
        "referral-rate",
        "change_year",
        "the rate's summary columns do not fit the referral count row (avg 360, max 523)",
    ),
    (
        "referral-rate",
        "average",
        "published 77, the referral counts' average of 360 gives 71",
    ),
    (
        "referral-rate",
        "maximum",
        "published 122, the referral counts' maximum of 523 gives 103",
    ),
    (
        "re-referrals-pct",
        "change_month",
        "the seed computed it from rounded 5% and 9% (-44%); the counts give -46%",
    ),
    (
        "re-referrals-pct",
        "change_year",
        "the count rows fix June 2019 at 32 of 490 referrals (6.5%), giving -24%, not -17%",
    ),
    (
        "sa-within-10d",
        "change_month",
        "the seed used unpublished decimals; from the published 14% and 6% it is -57%",
    ),
    (
        "sa-26-35d",
        "change_month",
        "the seed used unpublished decimals; from the published 11% and 20% it is 82%",
    ),
    (
        "sa-36-45d",
        "change_month",
        "the seed used unpublished decimals; from the published 13% and 15% it is 15%",
    ),
    (
        "sa-over-45d",
        "change_month",
        "the seed used unpublished decimals; from the published 14% and 15% it is 7%",
    ),
];

fn excepted(id: &str, field: &str) -> bool {
    SEED_EXCEPTIONS
        .iter()
        .any(|(i, f, _)| *i == id && *f == field)
}

fn round(x: f64) -> i64 {
    (x.abs() + 0.5).floor() as i64 * if x < 0.0 { -1 } else { 1 }
}

const SEED: &[Row] = &[
    Row {
        id: "contacts",
        values: [
            Some(1419),
            Some(1129),
            Some(1198),
            Some(1147),
            Some(1172),
            Some(1403),
        ],
        change_month: Pct(20),
        change_year: Pct(4),
        average: Some(1273),
        maximum: Some(1535),
    },
    Row {
        id: "referrals",
        values: [
            Some(406),
            Some(318),
            Some(300),
            Some(286),
            Some(270),
            Some(342),
        ],
        change_month: Pct(27),
        change_year: Pct(-30),
        average: Some(360),
        maximum: Some(523),
    },
    Row {
        id: "referral-conversion",
        values: [Some(29), Some(28), Some(25), Some(25), Some(23), Some(24)],
        change_month: Pct(6),
        change_year: Pct(-32),
        average: Some(28),
        maximum: Some(35),
    },
    Row {
        id: "referral-rate",
        values: [Some(80), Some(63), Some(59), Some(56), Some(53), Some(67)],
        change_month: Pct(26),
        change_year: Pct(-38),
        average: Some(77),
        maximum: Some(122),
    },
    Row {
        id: "mash-decision-1wd",
        values: [Some(98), Some(99), Some(98), Some(98), Some(99), Some(99)],
        change_month: Pct(0),
        change_year: Pct(6),
        average: Some(95),
        maximum: Some(99),
    },
    Row {
        id: "re-referrals",
        values: [Some(17), Some(12), Some(17), Some(10), Some(25), Some(17)],
        change_month: Pct(-32),
        change_year: Pct(-47),
        average: Some(16),
        maximum: Some(25),
    },
    Row {
        id: "re-referrals-pct",
        values: [Some(4), Some(4), Some(6), Some(3), Some(9), Some(5)],
        change_month: Pct(-44),
        change_year: Pct(-17),
        average: Some(4),
        maximum: Some(9),
    },
    Row {
        id: "cse-referrals",
        values: [Some(1), Some(1), Some(5), Some(1), Some(3), Some(4)],
        change_month: Pct(33),
        change_year: Pct(-56),
        average: Some(3),
        maximum: Some(9),
    },
    Row {
        id: "eh-step-ups",
        values: [Some(13), Some(22), Some(2), Some(1), Some(10), Some(1)],
        change_month: Pct(-90),
        change_year: Pct(-80),
        average: Some(7),
        maximum: Some(22),
    },
    Row {
        id: "cin",
        values: [
            Some(1337),
            Some(1379),
            Some(1334),
            Some(1292),
            Some(1311),
            Some(1313),
        ],
        change_month: Pct(0),
        change_year: Pct(-26),
        average: Some(1518),
        maximum: Some(1948),
    },
    Row {
        id: "missing-children",
        values: [Some(68), Some(71), Some(82), Some(50), Some(64), Some(57)],
        change_month: Pct(-11),
        change_year: Pct(-43),
        average: Some(67),
        maximum: Some(82),
    },
    Row {
        id: "sa-completed",
        values: [
            Some(407),
            Some(325),
            Some(342),
            Some(259),
            Some(247),
            Some(265),
        ],
        change_month: Pct(7),
        change_year: Pct(38),
        average: Some(370),
        maximum: Some(549),
    },
    Row {
        id: "sa-within-10d",
        values: [Some(11), Some(10), Some(10), Some(13), Some(14), Some(6)],
        change_month: Pct(-60),
        change_year: Pct(-60),
        average: Some(9),
        maximum: Some(14),
    },
    Row {
        id: "sa-11-25d",
        values: [Some(19), Some(39), Some(41), Some(43), Some(49), Some(44)],
        change_month: Pct(-10),
        change_year: Pct(211),
        average: Some(29),
        maximum: Some(49),
    },
    Row {
        id: "sa-26-35d",
        values: [Some(19), Some(21), Some(24), Some(15), Some(11), Some(20)],
        change_month: Pct(94),
        change_year: Pct(78),
        average: Some(15),
        maximum: Some(24),
    },
    Row {
        id: "sa-36-45d",
        values: [Some(16), Some(12), Some(12), Some(8), Some(13), Some(15)],
        change_month: Pct(17),
        change_year: Pct(-17),
        average: Some(14),
        maximum: Some(22),
    },
    Row {
        id: "sa-over-45d",
        values: [Some(35), Some(18), Some(12), Some(21), Some(14), Some(15)],
        change_month: Pct(10),
        change_year: Pct(-64),
        average: Some(32),
        maximum: Some(56),
    },
    Row {
        id: "sa-in-45wd",
        values: [
            Some(266),
            Some(266),
            Some(300),
            Some(204),
            Some(213),
            Some(225),
        ],
        change_month: Pct(6),
        change_year: Pct(103),
        average: Some(240),
        maximum: Some(300),
    },
    Row {
        id: "sa-in-45wd-pct",
        values: [Some(65), Some(82), Some(88), Some(79), Some(86), Some(85)],
        change_month: Pct(-1),
        change_year: Pct(47),
        average: Some(68),
        maximum: Some(88),
    },
    Row {
        id: "s47",
        values: [
            Some(93),
            Some(118),
            Some(125),
            Some(104),
            Some(112),
            Some(138),
        ],
        change_month: Pct(23),
        change_year: Pct(-12),
        average: Some(121),
        maximum: Some(182),
    },
    Row {
        id: "s47-rate",
        values: [Some(18), Some(23), Some(25), Some(20), Some(22), Some(27)],
        change_month: Pct(23),
        change_year: Pct(-13),
        average: Some(24),
        maximum: Some(36),
    },
    Row {
        id: "cpp",
        values: [
            Some(468),
            Some(441),
            Some(417),
            Some(399),
            Some(418),
            Some(407),
        ],
        change_month: Pct(-3),
        change_year: Pct(11),
        average: Some(440),
        maximum: Some(490),
    },
    Row {
        id: "cpp-rate",
        values: [Some(97), Some(87), Some(82), Some(78), Some(82), Some(80)],
        change_month: Pct(-2),
        change_year: Pct(10),
        average: Some(87),
        maximum: Some(96),
    },
    Row {
        id: "icpc",
        values: [Some(17), Some(23), Some(47), Some(27), Some(52), Some(36)],
        change_month: Pct(-31),
        change_year: Pct(-49),
        average: Some(44),
        maximum: Some(81),
    },
    Row {
        id: "icpc-rate",
        values: [Some(3), Some(5), Some(9), Some(5), Some(11), Some(7)],
        change_month: Pct(-35),
        change_year: Pct(-50),
        average: Some(9),
        maximum: Some(16),
    },
    Row {
        id: "icpc-to-cpp",
        values: [Some(15), Some(18), Some(43), Some(25), Some(50), Some(35)],
        change_month: Pct(-30),
        change_year: Pct(-35),
        average: Some(38),
        maximum: Some(66),
    },
    Row {
        id: "icpc-to-cpp-pct",
        values: [Some(88), Some(78), Some(91), Some(93), Some(96), Some(97)],
        change_month: Pct(1),
        change_year: Pct(28),
        average: Some(87),
        maximum: Some(97),
    },
    Row {
        id: "transfer-ins",
        values: [Some(0), Some(1), Some(0), Some(0), Some(3), Some(0)],
        change_month: Pct(-100),
        change_year: NotApplicable,
        average: Some(2),
        maximum: Some(5),
    },
    Row {
        id: "transfer-ins-cp-pct",
        values: [None, Some(100), None, None, Some(100), None],
        change_month: NotApplicable,
        change_year: NotApplicable,
        average: Some(63),
        maximum: Some(100),
    },
    Row {
        id: "icpc-in-timescale",
        values: [Some(4), Some(14), Some(28), Some(18), Some(47), Some(34)],
        change_month: Pct(-28),
        change_year: Pct(6),
        average: Some(27),
        maximum: Some(53),
    },
    Row {
        id: "icpc-in-timescale-pct",
        values: [Some(24), Some(61), Some(60), Some(67), Some(90), Some(94)],
        change_month: Pct(4),
        change_year: Pct(110),
        average: Some(60),
        maximum: Some(94),
    },
    Row {
        id: "cpp-seen-15wd-pct",
        values: [Some(68), Some(81), Some(64), Some(40), Some(72), Some(75)],
        change_month: Pct(4),
        change_year: Pct(15),
        average: Some(70),
        maximum: Some(81),
    },
    Row {
        id: "repeat-cpp",
        values: [Some(0), Some(4), Some(13), Some(4), Some(13), Some(5)],
        change_month: Pct(-62),
        change_year: Pct(-55),
        average: Some(9),
        maximum: Some(20),
    },
    Row {
        id: "repeat-cpp-pct",
        values: [Some(0), Some(22), Some(28), Some(16), Some(24), Some(14)],
        change_month: Pct(-41),
        change_year: Pct(-28),
        average: Some(21),
        maximum: Some(33),
    },
    Row {
        id: "rcpc",
        values: [
            Some(110),
            Some(107),
            Some(133),
            Some(71),
            Some(72),
            Some(135),
        ],
        change_month: Pct(88),
        change_year: Pct(75),
        average: Some(108),
        maximum: Some(136),
    },
    Row {
        id: "cpp-ceased",
        values: [Some(42), Some(41), Some(63), Some(25), Some(34), Some(48)],
        change_month: Pct(41),
        change_year: Pct(140),
        average: Some(38),
        maximum: Some(63),
    },
    Row {
        id: "lac",
        values: [
            Some(494),
            Some(485),
            Some(490),
            Some(487),
            Some(488),
            Some(488),
        ],
        change_month: Pct(0),
        change_year: Pct(-2),
        average: Some(499),
        maximum: Some(516),
    },
    Row {
        id: "lac-rate",
        values: [Some(97), Some(95), Some(96), Some(96), Some(96), Some(96)],
        change_month: Pct(0),
        change_year: Pct(-3),
        average: Some(98),
        maximum: Some(102),
    },
    Row {
        id: "lac-new",
        values: [Some(9), Some(10), Some(17), Some(7), Some(7), Some(10)],
        change_month: Pct(43),
        change_year: Pct(-23),
        average: Some(12),
        maximum: Some(19),
    },
    Row {
        id: "lac-ceased",
        values: [Some(6), Some(21), Some(9), Some(6), Some(6), Some(9)],
        change_month: Pct(50),
        change_year: Pct(-36),
        average: Some(12),
        maximum: Some(23),
    },
    Row {
        id: "adoptions",
        values: [Some(3), Some(4), Some(2), Some(0), Some(0), Some(2)],
        change_month: NotApplicable,
        change_year: Pct(100),
        average: Some(2),
        maximum: Some(4),
    },
    Row {
        id: "adoptions-pct",
        values: [Some(50), Some(19), Some(22), Some(0), Some(0), Some(22)],
        change_month: NotApplicable,
        change_year: Pct(211),
        average: Some(16),
        maximum: Some(50),
    },
    Row {
        id: "sgos",
        values: [Some(1), Some(3), Some(2), Some(0), Some(0), Some(1)],
        change_month: NotApplicable,
        change_year: Pct(-67),
        average: Some(1),
        maximum: Some(3),
    },
    Row {
        id: "sgos-pct",
        values: [Some(17), Some(14), Some(22), Some(0), Some(0), Some(11)],
        change_month: NotApplicable,
        change_year: Pct(-48),
        average: Some(10),
        maximum: Some(23),
    },
    Row {
        id: "lac-visited-pct",
        values: [Some(73), Some(74), Some(66), Some(50), Some(39), Some(78)],
        change_month: Pct(100),
        change_year: Pct(2),
        average: Some(72),
        maximum: Some(83),
    },
    Row {
        id: "lac-plan-pct",
        values: [Some(94), Some(94), Some(93), Some(95), Some(96), Some(96)],
        change_month: Pct(0),
        change_year: Pct(3),
        average: Some(94),
        maximum: Some(96),
    },
    Row {
        id: "lac-plan",
        values: [
            Some(465),
            Some(454),
            Some(457),
            Some(461),
            Some(469),
            Some(467),
        ],
        change_month: Pct(0),
        change_year: Pct(1),
        average: Some(470),
        maximum: Some(487),
    },
    Row {
        id: "uasc",
        values: [Some(14), Some(15), Some(15), Some(13), Some(12), Some(12)],
        change_month: Pct(0),
        change_year: Pct(-25),
        average: Some(14),
        maximum: Some(15),
    },
    Row {
        id: "uasc-new",
        values: [Some(2), Some(1), Some(0), Some(0), Some(0), Some(0)],
        change_month: NotApplicable,
        change_year: NotApplicable,
        average: Some(0),
        maximum: Some(2),
    },
    Row {
        id: "pathway-plan",
        values: [
            Some(157),
            Some(158),
            Some(157),
            Some(161),
            Some(166),
            Some(171),
        ],
        change_month: Pct(3),
        change_year: Pct(2),
        average: Some(163),
        maximum: Some(171),
    },
    Row {
        id: "pathway-plan-pct",
        values: [Some(93), Some(93), Some(92), Some(95), Some(96), Some(96)],
        change_month: Pct(0),
        change_year: Pct(3),
        average: Some(95),
        maximum: Some(98),
    },
    Row {
        id: "care-leavers-accommodation-pct",
        values: [Some(79), Some(83), Some(84), Some(81), Some(83), Some(86)],
        change_month: Pct(4),
        change_year: Pct(2),
        average: Some(82),
        maximum: Some(86),
    },
    Row {
        id: "ifa",
        values: [
            Some(147),
            Some(146),
            Some(146),
            Some(144),
            Some(143),
            Some(139),
        ],
        change_month: Pct(-3),
        change_year: Pct(-5),
        average: Some(149),
        maximum: Some(157),
    },
    Row {
        id: "ifa-pct",
        values: [Some(30), Some(30), Some(30), Some(30), Some(29), Some(28)],
        change_month: Pct(-3),
        change_year: Pct(-2),
        average: Some(30),
        maximum: Some(31),
    },
    Row {
        id: "foster-carers",
        values: [None, None, None, None, None, None],
        change_month: Unreadable,
        change_year: Unreadable,
        average: None,
        maximum: None,
    },
];

fn figures_for(month: &str) -> Vec<serde_json::Value> {
    let output = scorecard(&["figures", "--month", month, "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_str::<serde_json::Value>(&stdout(&output))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn sample_reproduces_the_published_scorecard() {
    let june = figures_for("2020-06");
    assert_eq!(
        june.len(),
        SEED.len(),
        "every seed row is in the sample, in order"
    );
    let months = [
        "2020-01", "2020-02", "2020-03", "2020-04", "2020-05", "2020-06",
    ];
    let by_month: Vec<Vec<serde_json::Value>> = months.iter().map(|m| figures_for(m)).collect();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (i, row) in SEED.iter().enumerate() {
        let got = &june[i];
        assert_eq!(got["id"], row.id, "row {} is {}", i + 1, row.id);
        assert_eq!(got["ref"], (i + 1).to_string());
        for (m, published) in row.values.iter().enumerate() {
            let Some(published) = published else { continue };
            let field = format!(
                "value {}",
                ["Jan-20", "Feb-20", "Mar-20", "Apr-20", "May-20", "Jun-20"][m]
            );
            let value = by_month[m][i]["value"].as_f64();
            checked += 1;
            if value.map(round) != Some(*published) && !excepted(row.id, &field) {
                failures.push(format!(
                    "{} {field}: published {published}, computed {value:?}",
                    row.id
                ));
            }
        }
        for (field, published, pct, status) in [
            (
                "change_month",
                row.change_month,
                &got["change_month_pct"],
                &got["change_month_status"],
            ),
            (
                "change_year",
                row.change_year,
                &got["change_year_pct"],
                &got["change_year_status"],
            ),
        ] {
            let ok = match published {
                Pct(p) => pct.as_f64().is_some_and(|c| (round(c) - p).abs() <= 1),
                NotApplicable => status == "n/a",
                Unreadable => continue,
            };
            checked += 1;
            if !ok && !excepted(row.id, field) {
                failures.push(format!(
                    "{} {field}: published {published:?}, computed {pct} ({status})",
                    row.id
                ));
            }
        }
        for (field, published, computed) in [
            ("average", row.average, &got["avg_12m"]),
            ("maximum", row.maximum, &got["max_12m"]),
        ] {
            let Some(published) = published else { continue };
            checked += 1;
            if computed.as_f64().map(round) != Some(published) && !excepted(row.id, field) {
                failures.push(format!(
                    "{} {field}: published {published}, computed {computed}",
                    row.id
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} published figures differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 530, "checked {checked} figures");
    eprintln!(
        "{checked} published figures checked; {} documented seed inconsistencies",
        SEED_EXCEPTIONS.len()
    );
}

#[test]
fn month_on_month_changes_match_the_seed() {
    // The acceptance check on its own: every published % change from May.
    let june = figures_for("2020-06");
    for (row, got) in SEED.iter().zip(&june) {
        match row.change_month {
            Pct(p) if !excepted(row.id, "change_month") => {
                let c = got["change_month_pct"]
                    .as_f64()
                    .unwrap_or_else(|| panic!("{} has no change", row.id));
                assert!(
                    (round(c) - p).abs() <= 1,
                    "{}: published {p}%, computed {c:.1}%",
                    row.id
                );
            }
            NotApplicable => assert_eq!(got["change_month_status"], "n/a", "{}", row.id),
            _ => {}
        }
    }
}
