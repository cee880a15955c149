#pragma once
// Two-stage pipeline in order: batches of items are built on a second thread while the calling
// thread consumes the batch before, one batch ahead at most (memory stays bounded). For a
// consumer that must stay on one thread (a GDAL dataset, an SQLite connection) and a producer
// that may run beside it. Items are consumed in index order, so the result is the same as a
// loop on one thread; an exception of either stage is rethrown in the caller once the other
// has stopped.
//
// One producer thread serves the whole run (not one per batch: a GeoPackage layer of 100 000
// rows is 400 batches), and it also destroys the batches the caller has consumed, so that
// freeing the items (GDAL features) does not hold up the single-threaded consumer; the last
// one or two (consumed once it has built its last) and those left by an exception are freed on
// the caller's thread.

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace tecsmap {

/// build(i) -> T for i in [0, n), on a second thread, batch by batch; consume(T&) on the caller's
/// thread, in order; the consumed batches are destroyed on the second thread too (but the last
/// one or two). With one thread (`beside` false), everything runs on the caller's thread.
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
    if (!beside || n <= batch_size) {
        for (std::size_t begin = 0; begin < n; begin += batch_size) {
            Batch batch = make(begin);
            for (Item& item : batch)
                consume(item);
        }
        return;
    }

    // Shared between the caller (consumer) and the producer; guarded by `mutex`.
    struct Shared {
        std::mutex mutex;
        std::condition_variable changed;
        std::optional<Batch> ready; // built, not yet consumed (one batch ahead at most)
        std::vector<Batch> spent; // consumed, to be destroyed by the producer
        std::exception_ptr failure;
        bool finished = false; // the producer built its last batch or failed
        bool stop = false;     // the consumer failed: build nothing more
    } shared;

    std::thread producer([&] {
        for (std::size_t begin = 0; begin < n; begin += batch_size) {
            std::vector<Batch> trash;
            {
                std::unique_lock<std::mutex> lock(shared.mutex);
                shared.changed.wait(lock, [&] { return shared.stop || !shared.ready; });
                if (shared.stop)
                    break;
                trash.swap(shared.spent);
            }
            trash.clear(); // the items consumed so far are freed here, not on the consumer
            try {
                Batch batch = make(begin);
                std::lock_guard<std::mutex> lock(shared.mutex);
                shared.ready = std::move(batch);
            } catch (...) {
                std::lock_guard<std::mutex> lock(shared.mutex);
                shared.failure = std::current_exception();
                break;
            }
            shared.changed.notify_all();
        }
        {
            std::lock_guard<std::mutex> lock(shared.mutex);
            shared.finished = true;
        }
        shared.changed.notify_all();
    });
    // Whatever leaves this function (a consumer's exception included) first stops the producer
    // and waits for it: `build` and the batches refer to the caller's frame.
    struct Join {
        Shared& shared;
        std::thread& producer;
        ~Join() {
            {
                std::lock_guard<std::mutex> lock(shared.mutex);
                shared.stop = true;
            }
            shared.changed.notify_all();
            producer.join();
        }
    } join{shared, producer};

    for (std::size_t begin = 0; begin < n; begin += batch_size) {
        Batch batch;
        {
            std::unique_lock<std::mutex> lock(shared.mutex);
            shared.changed.wait(lock, [&] { return shared.ready || shared.finished; });
            if (!shared.ready) // the producer stopped before this batch: it failed
                std::rethrow_exception(shared.failure);
            batch = std::move(*shared.ready);
            shared.ready.reset();
        }
        shared.changed.notify_all(); // room for the next batch
        for (Item& item : batch)
            consume(item);
        {
            std::lock_guard<std::mutex> lock(shared.mutex);
            shared.spent.push_back(std::move(batch));
        }
    }
}

} // namespace tecsmap
