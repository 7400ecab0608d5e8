//! Independent pieces of work spread over the machine's cores, each result returned in the
//! order of its input, so nothing that reaches the output or the user depends on which
//! thread finished first.

/// `work` applied to each of `items` on up to one thread per core, each thread taking a
/// contiguous run; the results come back in the order of `items`. A panic in `work` is
/// passed on to the caller.
pub fn map_in_order<T, R>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let run = items.len().div_ceil(threads).max(1);
    let work = &work;
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(run)
            .map(|some| scope.spawn(move || some.iter().map(work).collect::<Vec<R>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order() {
        let numbers: Vec<u64> = (0..1000).collect();
        let squares = map_in_order(&numbers, |n| {
            // Uneven work, so threads finish out of order.
            std::thread::sleep(std::time::Duration::from_micros(1000 - n));
            n * n
        });
        assert_eq!(squares, numbers.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(map_in_order(&[] as &[u8], |b| *b).is_empty());
    }
}
