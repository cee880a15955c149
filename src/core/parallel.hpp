#pragma once
// parallel_for over independent indices on all cores (TECSMAP_THREADS caps it). Each index
// writes only its own result slot, so results do not depend on the number of threads. GEOS
// contexts are per thread (geos_handles.hpp). An exception stops the loop and the caller gets
// the one of the lowest failing index, as from a loop on one thread.

#include <cstddef>
#include <functional>

namespace tecsmap {

/// Number of worker threads used: TECSMAP_THREADS if set (>= 1), else the hardware's.
unsigned thread_count();

/// Calls fn(i) for i in [0, n), indices interleaved across threads.
void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn);

} // namespace tecsmap
