//! The one scheduler: jobs in, results handed back in job order as soon as each one and
//! every one before it is done, with a bounded number of jobs running ahead.
//!
//! Engines use it to read sentences on several threads or helper processes
//! ([`Schedule::Shared`], [`Schedule::Assigned`]), and commands use it through
//! [`map_parallel`] to work on many inputs at once (`narrate clean A B C`, batches).

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// The number of threads to use when the user does not say: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// Threads an engine reads sentences on when the caller does not say: one per core, at
/// most eight.
pub fn default_workers() -> usize {
    default_jobs().clamp(1, 8)
}

/// `work` applied to every item on up to `jobs` threads; the results in the items' order.
/// Each thread takes the next unclaimed item, so one slow item does not hold up the rest.
pub fn map_parallel<T, R, F>(items: &[T], jobs: usize, work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let mut results = Vec::with_capacity(items.len());
    let order: Vec<usize> = (0..items.len()).collect();
    let mut workers = vec![(); jobs.clamp(1, items.len().max(1))];
    let done: Result<(), std::convert::Infallible> = in_order(
        items,
        &mut workers,
        Schedule::Shared(&order),
        |(), item| Ok(work(item)),
        &mut |result| {
            results.push(result);
            ControlFlow::Continue(())
        },
    );
    match done {
        Ok(()) => results,
    }
}

/// Which jobs each worker of [`in_order`] takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule<'a> {
    /// Whichever worker is free takes the next job of this order (a permutation of the
    /// job indices: `0, 1, 2, …`, or e.g. [`longest_first_in_runs`]).
    Shared(&'a [usize]),
    /// Job `i` goes to worker `assigned[i]`: the same jobs always go to the same worker,
    /// for engines whose output depends on what they read before.
    Assigned(&'a [usize]),
}

/// Run `work` on every job, one thread per worker, and pass each result to `each` (on the
/// calling thread) in job order. A worker is whatever state one thread needs (a helper
/// process, nothing). The first error stops the workers and is returned. Results wait
/// only while an earlier job is still running, so memory stays bounded by a few
/// sentences whatever the number of jobs (for [`Schedule::Assigned`], as long as the
/// assignment interleaves the workers).
pub fn in_order<W: Send, J: Sync, T: Send, E: Send>(
    jobs: &[J],
    workers: &mut [W],
    schedule: Schedule,
    work: impl Fn(&mut W, &J) -> Result<T, E> + Sync,
    each: &mut dyn FnMut(T) -> ControlFlow<()>,
) -> Result<(), E> {
    assert!(!workers.is_empty(), "in_order needs a worker");
    match schedule {
        Schedule::Shared(order) => assert_eq!(order.len(), jobs.len(), "an order for every job"),
        Schedule::Assigned(to) => assert_eq!(to.len(), jobs.len(), "a worker for every job"),
    }
    let count = workers.len().min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let progress = Progress::new(AHEAD_PER_WORKER * count);
    let (done, results) = mpsc::channel();
    std::thread::scope(|scope| {
        for (w, worker) in workers.iter_mut().take(count).enumerate() {
            let (done, next, progress, work) = (done.clone(), &next, &progress, &work);
            let mut mine = (0..jobs.len()).filter(move |&i| match schedule {
                Schedule::Shared(_) => true,
                Schedule::Assigned(to) => to.get(i).is_some_and(|&t| t.min(count - 1) == w),
            });
            scope.spawn(move || {
                loop {
                    let i = match schedule {
                        Schedule::Shared(order) => {
                            let at = next.fetch_add(1, Ordering::Relaxed);
                            order.get(at).copied().unwrap_or(jobs.len())
                        }
                        Schedule::Assigned(_) => mine.next().unwrap_or(jobs.len()),
                    };
                    let Some(job) = jobs.get(i) else { break };
                    if !progress.wait_for_room(i) || done.send((i, work(worker, job))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        let mut waiting = BTreeMap::new();
        let mut wanted = 0;
        for (i, result) in results {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&wanted) {
                match result {
                    Ok(value) => {
                        if each(value).is_break() {
                            progress.stop();
                            return Ok(());
                        }
                    }
                    Err(e) => {
                        progress.stop();
                        return Err(e);
                    }
                }
                wanted += 1;
                progress.passed(wanted);
            }
        }
        Ok(())
    })
}

/// Jobs a worker may run ahead of the first result still awaited, per worker: enough to
/// keep every worker busy, few enough that results waiting for an earlier one stay a few
/// sentences however long the text and however unevenly the workers go.
const AHEAD_PER_WORKER: usize = 4;

/// A processing order for [`Schedule::Shared`]: runs of `run` jobs, each run longest
/// first by `size`, so a text does not end with one worker idle while another reads a
/// long sentence. Runs no longer than the window of [`in_order`] keep results
/// waiting for earlier ones to a few sentences.
pub fn longest_first_in_runs(sizes: &[usize], run: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    for chunk in order.chunks_mut(run.max(1)) {
        chunk.sort_by_key(|&i| (std::cmp::Reverse(sizes[i]), i));
    }
    order
}

/// How far the results handed on have got, for workers to wait on.
struct Progress {
    state: Mutex<(usize, bool)>,
    changed: Condvar,
    window: usize,
}

impl Progress {
    fn new(window: usize) -> Self {
        Progress {
            state: Mutex::new((0, false)),
            changed: Condvar::new(),
            window: window.max(1),
        }
    }

    /// Wait until job `i` is within the window; `false` when the run stopped.
    fn wait_for_room(&self, i: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while !state.1 && i >= state.0 + self.window {
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        !state.1
    }

    /// Results up to (not including) job `wanted` have been handed on.
    fn passed(&self, wanted: usize) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).0 = wanted;
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::thread::ThreadId;
    use std::time::Duration;

    use super::*;

    /// Job `i` sleeps `i`-dependent milliseconds so later jobs often finish first.
    fn uneven(i: &usize) -> Result<usize, String> {
        std::thread::sleep(Duration::from_millis([9, 1, 5, 0, 3][*i % 5]));
        Ok(*i)
    }

    #[test]
    fn results_come_back_in_job_order_whatever_order_they_finish_in() {
        let jobs: Vec<usize> = (0..23).collect();
        let alternate: Vec<usize> = (0..23).map(|i| i / 3 % 2).collect();
        let sizes: Vec<usize> = (0..23).map(|i| i * 7 % 10).collect();
        let longest_first = longest_first_in_runs(&sizes, 4);
        let in_order_: Vec<usize> = (0..23).collect();
        for schedule in [
            Schedule::Shared(&in_order_),
            Schedule::Shared(&longest_first),
            Schedule::Assigned(&alternate),
        ] {
            for workers in [1, 2, 3] {
                let mut seen = Vec::new();
                let mut pool = vec![(); workers];
                in_order(&jobs, &mut pool, schedule, |(), i| uneven(i), &mut |i| {
                    seen.push(i);
                    ControlFlow::Continue(())
                })
                .unwrap();
                assert_eq!(seen, jobs, "{workers} workers, {schedule:?}");
            }
        }
    }

    #[test]
    fn assigned_jobs_go_to_their_worker_every_time() {
        let jobs: Vec<usize> = (0..10).collect();
        let assigned = [0, 0, 1, 1, 2, 2, 0, 0, 1, 1];
        for _ in 0..3 {
            let mut seen = Vec::new();
            let mut pool = [0usize, 1, 2];
            in_order(
                &jobs,
                &mut pool,
                Schedule::Assigned(&assigned),
                |w, i| uneven(i).map(|i| (i, *w)),
                &mut |done| {
                    seen.push(done);
                    ControlFlow::Continue(())
                },
            )
            .unwrap();
            let workers: Vec<usize> = seen.iter().map(|&(_, w)| w).collect();
            assert_eq!(workers, assigned);
        }
    }

    #[test]
    fn the_first_failing_job_stops_the_run_after_every_earlier_result() {
        let jobs: Vec<usize> = (0..40).collect();
        let mut seen = Vec::new();
        let err = in_order(
            &jobs,
            &mut [(), ()],
            Schedule::Shared(&(0..40).collect::<Vec<_>>()),
            |(), i| {
                if *i == 7 {
                    Err(format!("job {i}"))
                } else {
                    uneven(i)
                }
            },
            &mut |i| {
                seen.push(i);
                ControlFlow::Continue(())
            },
        )
        .unwrap_err();
        assert_eq!(err, "job 7");
        assert_eq!(seen, (0..7).collect::<Vec<_>>());
    }

    #[test]
    fn a_receiver_that_breaks_stops_the_workers() {
        // An output that failed (the WAV limit, a full disk) let the engine read on to
        // the end of the article.
        let jobs: Vec<usize> = (0..400).collect();
        let ran = AtomicUsize::new(0);
        let mut seen = Vec::new();
        in_order(
            &jobs,
            &mut [(), ()],
            Schedule::Shared(&(0..400).collect::<Vec<_>>()),
            |(), &i| {
                ran.fetch_add(1, Ordering::SeqCst);
                Ok::<_, ()>(i)
            },
            &mut |i| {
                seen.push(i);
                if i == 5 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        )
        .unwrap();
        assert_eq!(seen, (0..=5).collect::<Vec<_>>());
        let ran = ran.load(Ordering::SeqCst);
        assert!(ran <= 6 + 2 * 2 * AHEAD_PER_WORKER, "{ran} jobs ran");
    }

    #[test]
    fn workers_wait_rather_than_run_far_ahead_of_a_slow_job() {
        use std::sync::atomic::AtomicBool;
        let jobs: Vec<usize> = (0..40).collect();
        let first_done = AtomicBool::new(false);
        let started_early = Mutex::new(Vec::new());
        in_order(
            &jobs,
            &mut [(), ()],
            Schedule::Shared(&(0..40).collect::<Vec<_>>()),
            |(), &i| {
                if i == 0 {
                    std::thread::sleep(Duration::from_millis(200));
                    first_done.store(true, Ordering::SeqCst);
                } else if !first_done.load(Ordering::SeqCst) {
                    started_early.lock().unwrap().push(i);
                }
                Ok::<_, ()>(i)
            },
            &mut |_| ControlFlow::Continue(()),
        )
        .unwrap();
        let early = started_early.into_inner().unwrap();
        assert!(!early.is_empty());
        assert!(early.iter().all(|&i| i < 2 * AHEAD_PER_WORKER), "{early:?}");
    }

    #[test]
    fn runs_are_read_longest_first() {
        assert_eq!(
            longest_first_in_runs(&[1, 5, 3, 9, 2, 7, 4], 3),
            [1, 2, 0, 3, 5, 4, 6]
        );
        assert_eq!(longest_first_in_runs(&[2, 2, 1], 2), [0, 1, 2]);
    }

    #[test]
    fn no_jobs_make_no_results() {
        let mut seen = Vec::new();
        in_order(
            &[] as &[usize],
            &mut [(), ()],
            Schedule::Shared(&[]),
            |(), i| uneven(i),
            &mut |i| {
                seen.push(i);
                ControlFlow::Continue(())
            },
        )
        .unwrap();
        assert!(seen.is_empty());
    }

    #[test]
    fn map_parallel_results_come_back_in_input_order() {
        let items: Vec<u64> = (0..100).collect();
        let squares = map_parallel(&items, 4, |&n| {
            std::thread::sleep(std::time::Duration::from_micros((100 - n) * 10));
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn map_parallel_shares_work_between_threads() {
        let items: Vec<u32> = (0..64).collect();
        let ids: Vec<ThreadId> = map_parallel(&items, 2, |_| {
            std::thread::sleep(std::time::Duration::from_millis(2));
            std::thread::current().id()
        });
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 2);
    }

    #[test]
    fn map_parallel_takes_no_items_and_zero_jobs() {
        assert!(map_parallel(&[] as &[u8], 0, |&b| b).is_empty());
        assert_eq!(map_parallel(&[1, 2, 3], 0, |&b| b + 1), vec![2, 3, 4]);
    }
}
