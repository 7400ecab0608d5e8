//! Independent pieces of work spread over the machine's cores, each result returned in the
//! order of its input, so nothing that reaches the output or the user depends on which
//! thread finished first.

/// `work` applied to each of `items` on up to one thread per core, each thread taking a
/// contiguous run; the results come back in the order of `items`. Where the system will
/// not start a thread, that run is done on the caller's. A panic in `work` is passed on
/// to the caller.
pub fn map_in_order<T, R>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads == 1 || items.len() <= 1 {
        return items.iter().map(work).collect();
    }
    let run = items.len().div_ceil(threads);
    let work = &work;
    std::thread::scope(|scope| {
        let started: Vec<_> = items
            .chunks(run)
            .map(|some| {
                let worker = std::thread::Builder::new()
                    .spawn_scoped(scope, move || some.iter().map(work).collect::<Vec<R>>());
                (some, worker)
            })
            .collect();
        started
            .into_iter()
            .flat_map(|(some, worker)| match worker {
                Ok(worker) => worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => some.iter().map(work).collect(),
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
