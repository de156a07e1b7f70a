// A minimal parallel loop for independent per-file work.
#pragma once

#include <miglint/deep_stack_thread.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace miglint {

// The number of threads `jobs` asks for: itself, or one per core when 0.
inline unsigned job_count(unsigned jobs) { return jobs != 0 ? jobs : std::max(1U, std::thread::hardware_concurrency()); }

// Calls `work(i, worker)` for every i in [0, `count`) on up to `jobs` threads
// (0: one per core), `worker` being the index of the thread (0 when there is
// one, which is the caller's; the others run on DeepStackThreads, since they
// parse). Indices are taken in increasing order; each runs
// exactly once, and callers write results by index, so the outcome does not
// depend on the thread count. An exception thrown by `work` stops no other
// index; once all are done, the first one thrown is rethrown on the calling
// thread (an exception leaving a thread would end the process). Work that
// must not lose the other results catches its own (see run_guarded).
template <class Work>
void parallel_for_workers(std::size_t count, unsigned jobs, Work&& work) {
    jobs = static_cast<unsigned>(std::min<std::size_t>(job_count(jobs), count));
    std::exception_ptr first_failure;
    std::mutex failure_lock;
    const auto run = [&](std::size_t i, unsigned t) {
        try {
            work(i, t);
        } catch (...) {
            const std::lock_guard lock(failure_lock);
            if (!first_failure) first_failure = std::current_exception();
        }
    };
    if (jobs <= 1) {
        for (std::size_t i = 0; i < count; ++i) run(i, 0U);
    } else {
        std::atomic<std::size_t> next{0};
        std::vector<DeepStackThread> threads;
        threads.reserve(jobs);
        for (unsigned t = 0; t < jobs; ++t) {
            threads.emplace_back([&, t] {
                for (std::size_t i = next++; i < count; i = next++) run(i, t);
            });
        }
        for (auto& thread : threads) thread.join();
    }
    if (first_failure) std::rethrow_exception(first_failure);
}

// The same without the thread's index.
template <class Work>
void parallel_for(std::size_t count, unsigned jobs, Work&& work) {
    parallel_for_workers(count, jobs, [&](std::size_t i, unsigned /*worker*/) { work(i); });
}

}  // namespace miglint
