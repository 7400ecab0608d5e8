//! Whether a typed figure is plausible beside its own history: pure rules, no I/O, used
//! by `load` to warn (so `check`, `import` and `render` all say it).

/// Other months needed before a value is judged against them.
const MIN_OTHER_MONTHS: usize = 3;
/// The other months' median must be above this many percent: a history of small
/// percentages (a rate of 0.4%) says nothing about fractions.
const MIN_MEDIAN_PERCENT: f64 = 5.0;
/// A value this many times below the median is not the same kind of number.
const RATIO: f64 = 20.0;

/// The positions in `values` of percentages that look typed as fractions (`0.819` for
/// 81.9%): above zero, at most 1, and under a twentieth of the median of the other
/// values, when at least three others are there and their median is over 5.
pub fn fractions_among_percents(values: &[f64]) -> Vec<usize> {
    (0..values.len())
        .filter(|&i| {
            let x = values[i];
            if !(x > 0.0 && x <= 1.0) {
                return false;
            }
            let others: Vec<f64> = values
                .iter()
                .enumerate()
                .filter(|&(j, v)| j != i && v.is_finite())
                .map(|(_, v)| *v)
                .collect();
            if others.len() < MIN_OTHER_MONTHS {
                return false;
            }
            let m = median(others);
            m > MIN_MEDIAN_PERCENT && x < m / RATIO
        })
        .collect()
}

/// The median of `values` (not empty).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fraction_among_percents_is_found() {
        assert_eq!(
            fractions_among_percents(&[80.2, 81.0, 0.819, 79.5, 82.3]),
            vec![2]
        );
        // Two fractions in a long history are both found: the median stays a percent.
        assert_eq!(
            fractions_among_percents(&[80.2, 0.81, 81.0, 0.819, 79.5, 82.3]),
            vec![1, 3]
        );
    }

    #[test]
    fn real_small_percentages_are_left_alone() {
        // A history of small percentages.
        assert!(fractions_among_percents(&[0.4, 0.6, 0.5, 0.3]).is_empty());
        assert!(fractions_among_percents(&[4.0, 5.0, 0.2, 4.5]).is_empty());
        // Zero is a real figure (no assessment late), not a fraction.
        assert!(fractions_among_percents(&[80.0, 81.0, 0.0, 79.0]).is_empty());
        // A fall to 3% is news, but not a fraction.
        assert!(fractions_among_percents(&[80.0, 81.0, 3.0, 79.0]).is_empty());
        // Too little history to judge.
        assert!(fractions_among_percents(&[80.0, 0.8, 79.0]).is_empty());
        // A value of 1 beside percents around 10 is within a twentieth only below 0.5.
        assert!(fractions_among_percents(&[10.0, 11.0, 1.0, 9.0]).is_empty());
        assert_eq!(fractions_among_percents(&[10.0, 11.0, 0.1, 9.0]), vec![2]);
    }
}
