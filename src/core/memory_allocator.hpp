#pragma once
// Which allocator serves the program's memory, and giving its free memory back.
//
// The programs (tecsmap, tecsmap-gui, the benchmarks) are linked with gperftools' tcmalloc when
// it is found at build time (CMake option TECSMAP_TCMALLOC; not under the sanitizers, which
// bring their own). GEOS's overlays, unions and polygonizing allocate millions of small objects;
// glibc's malloc spent about 40 % of the national territory build in its own bookkeeping
// (docs/performance.md, "Sixth pass"). The core library itself links no allocator: it asks
// the running program which one it has.

#include <string>

namespace tecsmap {

/// "tcmalloc 2.10" when the program allocates through tcmalloc, else "malloc de la bibliothèque
/// C" (glibc's).
std::string allocator_name();

/// True when tcmalloc serves malloc in this process (it then serves operator new too: gperftools
/// replaces both).
bool allocator_is_tcmalloc();

/// True when the program's heap asks for 2 MiB pages (transparent huge pages): tcmalloc serves
/// malloc, with the system allocator of src/allocator/huge_page_heap.cpp (unless
/// TECSMAP_HUGE_PAGES=0). The kernel may still give 4 KiB pages: see huge_page_mode().
bool heap_uses_huge_pages();

/// The kernel's transparent-huge-page mode ("always", "madvise", "never"), or "" where it
/// does not say (/sys/kernel/mm/transparent_hugepage/enabled).
std::string huge_page_mode();

/// Called by src/allocator/huge_page_heap.cpp once it has installed its system allocator.
void note_huge_page_heap();

/// Gives the memory the allocator holds free back to the system, where that matters. glibc
/// keeps one heap ("arena") per thread that allocated: what a worker thread freed stays in its
/// arena, where the main thread's later allocations do not look, so a short-lived peak on a
/// worker (the commune locators that placed the initiatives) would otherwise be added to the
/// peak of every later stage: glibc's malloc_trim. tcmalloc returns a thread's freed memory to
/// lists every thread draws from, so nothing is to be done there (handing its free pages to
/// the system would only make the next stage fault them in again).
void return_free_memory();

} // namespace tecsmap
