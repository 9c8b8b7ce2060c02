//! Batch helper: many inputs in, one result each out, worked on by several threads.
//!
//! `narrate clean A B C …` cleans pages in parallel with [`map_parallel`]; results come
//! back in input order whatever order the threads finish in.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The number of threads to use when the user does not say: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// `work` applied to every item on up to `jobs` threads; the results in the items' order.
/// Each thread takes the next unclaimed item, so one slow item does not hold up the rest.
pub fn map_parallel<T, R, F>(items: &[T], jobs: usize, work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    let threads = jobs.clamp(1, items.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let result = work(item);
                if let Ok(mut slots) = results.lock() {
                    slots[i] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::thread::ThreadId;

    #[test]
    fn results_come_back_in_input_order() {
        let items: Vec<u64> = (0..100).collect();
        let squares = map_parallel(&items, 4, |&n| {
            std::thread::sleep(std::time::Duration::from_micros((100 - n) * 10));
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn work_is_shared_between_threads() {
        let items: Vec<u32> = (0..64).collect();
        let ids: Vec<ThreadId> = map_parallel(&items, 2, |_| {
            std::thread::sleep(std::time::Duration::from_millis(2));
            std::thread::current().id()
        });
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 2);
    }

    #[test]
    fn no_items_and_zero_jobs_are_fine() {
        assert!(map_parallel(&[] as &[u8], 0, |&b| b).is_empty());
        assert_eq!(map_parallel(&[1, 2, 3], 0, |&b| b + 1), vec![2, 3, 4]);
    }
}
