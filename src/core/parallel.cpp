#include "parallel.hpp"

#include "paths.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace tecsmap {

unsigned thread_count() {
    const std::string e = env("TECSMAP_THREADS");
    if (!e.empty()) {
        try {
            const int n = std::stoi(e);
            if (n >= 1)
                return static_cast<unsigned>(n);
        } catch (...) {
        }
    }
    return std::max(1u, std::thread::hardware_concurrency());
}

void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn) {
    const unsigned threads = static_cast<unsigned>(std::min<std::size_t>(thread_count(), n));
    if (threads <= 1) {
        for (std::size_t i = 0; i < n; ++i)
            fn(i);
        return;
    }
    // Dynamic hand-out of indices: polygons vary a lot in cost.
    // On failure, the error of the lowest failing index is rethrown, as a loop on one thread
    // would: indices are handed out in ascending order, so every lower one has started and
    // runs to its end before the workers stop.
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::size_t error_index = n;
    std::mutex error_mutex;
    auto worker = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < n;) {
            try {
                fn(i);
            } catch (...) {
                std::lock_guard lock(error_mutex);
                if (i < error_index) {
                    error = std::current_exception();
                    error_index = i;
                }
                next = n; // stop handing out work
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (auto& t : pool)
        t.join();
    if (error)
        std::rethrow_exception(error);
}

} // namespace tecsmap
