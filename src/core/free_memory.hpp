#pragma once
// Gives the memory the allocator holds free back to the system (glibc's malloc_trim; nothing
// elsewhere). glibc keeps one heap ("arena") per thread that allocated: what a worker thread
// freed stays in its arena, where the main thread's later allocations do not look, so a
// short-lived peak on a worker (the commune locators that placed the initiatives) would
// otherwise be added to the peak of every later stage.

namespace tecsmap {

void return_free_memory();

} // namespace tecsmap
