#pragma once
// Two-stage pipeline in order: batches of items are built on a second thread while the calling
// thread consumes the batch before, one batch ahead at most (memory stays bounded). For a
// consumer that must stay on one thread (a GDAL dataset, an SQLite connection) and a producer
// that may run beside it. Items are consumed in index order, so the result is the same as a
// loop on one thread; an exception of either stage is rethrown in the caller once the other
// has stopped.

#include <algorithm>
#include <cstddef>
#include <future>
#include <vector>

namespace tecsmap {

/// build(i) -> T for i in [0, n), on a second thread, batch by batch; consume(T&) on the caller's
/// thread, in order. With one thread (`beside` false), both run on the caller's thread.
template <typename Build, typename Consume>
void pipeline_in_batches(std::size_t n, std::size_t batch_size, bool beside, Build&& build,
                         Consume&& consume) {
    using Item = decltype(build(std::size_t{0}));
    using Batch = std::vector<Item>;
    batch_size = std::max<std::size_t>(1, batch_size);
    auto make = [&build, n, batch_size](std::size_t begin) {
        Batch batch;
        const std::size_t end = std::min(n, begin + batch_size);
        batch.reserve(end - begin);
        for (std::size_t i = begin; i < end; ++i)
            batch.push_back(build(i));
        return batch;
    };
    const auto policy = beside ? std::launch::async : std::launch::deferred;
    std::future<Batch> next;
    if (n > 0)
        next = std::async(policy, make, std::size_t{0});
    for (std::size_t begin = 0; begin < n; begin += batch_size) {
        Batch batch = next.get(); // rethrows what building threw
        if (begin + batch_size < n)
            next = std::async(policy, make, begin + batch_size);
        for (Item& item : batch)
            consume(item); // if this throws, `next` waits for its batch before unwinding
    }
}

} // namespace tecsmap
