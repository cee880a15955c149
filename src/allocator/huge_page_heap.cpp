// tcmalloc's heap in 2 MiB pages (transparent huge pages), for the programs linked with it.
//
// Nationally the heap grows to about 370 MiB, and every 4 KiB page of it is faulted in on its
// first touch: a cold national run spent a fifth to a quarter of its samples in page faults in
// the stages that allocate most (reading the communes, harmonising them, reading the layers;
// docs/performance.md, "Seventh pass"), and a fault costs more in a virtual machine. Under the
// kernel's THP mode "madvise" (this machine's), memory comes in 2 MiB pages only where a
// program asks for it. This gives tcmalloc a system allocator that maps the heap's pieces
// 2 MiB-aligned and marked MADV_HUGEPAGE, so that one fault maps 2 MiB. Under THP "always" it
// only aligns; under "never" the kernel accepts the advice and ignores it (4 KiB pages).
// TECSMAP_HUGE_PAGES=0 keeps tcmalloc's own system allocator (a few MiB less peak memory).
//
// In a long-lived program (the map view), tcmalloc gives free spans back in 8 KiB pieces
// (MADV_DONTNEED), which splits a huge page; the kernel's khugepaged may later merge such a
// range into a huge page again, so the resident set of a program that has freed much can creep
// back towards the heap's size. A batch run ends first.
//
// Compiled into each program that links tcmalloc (CMake target tecsmap::allocator), installed
// by a static initializer before main(), as gperftools asks ("very early in the program
// execution -- say, in a global constructor"). The core library never sees it: it only asks
// whether it is installed (memory_allocator.hpp).

#include "memory_allocator.hpp"

#include <gperftools/malloc_extension.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

class HugePageSystemAllocator final : public SysAllocator {
public:
    explicit HugePageSystemAllocator(SysAllocator* fallback)
        : fallback_(fallback) {}

    // tcmalloc asks under its page-heap lock for at least `size` bytes aligned on `alignment`
    // (its 8 KiB page), and uses all of `*actual_size`.
    void* Alloc(size_t size, size_t* actual_size, size_t alignment) override {
        if (size == 0 || alignment > kHugePage ||
            size > std::numeric_limits<std::size_t>::max() - 2 * kHugePage)
            return fallback_->Alloc(size, actual_size, alignment);
        const std::size_t rounded = (size + kHugePage - 1) & ~(kHugePage - 1);
        // One huge page more than needed, then the ends unmapped so that what is left starts
        // on a 2 MiB boundary (mmap gives only 4 KiB alignment).
        const std::size_t mapped = rounded + kHugePage;
        void* raw =
            mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED)
            return fallback_->Alloc(size, actual_size, alignment);
        const auto begin = reinterpret_cast<std::uintptr_t>(raw);
        const std::uintptr_t start = (begin + kHugePage - 1) & ~std::uintptr_t{kHugePage - 1};
        const std::uintptr_t end = begin + mapped;
        if (start > begin)
            munmap(raw, start - begin);
        if (end > start + rounded)
            munmap(reinterpret_cast<void*>(start + rounded), end - (start + rounded));
        void* piece = reinterpret_cast<void*>(start);
#ifdef MADV_HUGEPAGE
        // Advice only: ignored under THP "never", refused by a kernel without THP; 4 KiB pages
        // then, as before.
        madvise(piece, rounded, MADV_HUGEPAGE);
#endif
        if (actual_size)
            *actual_size = rounded;
        return piece;
    }

private:
    SysAllocator* fallback_; // tcmalloc's own (sbrk, then mmap)
};

bool install_huge_page_heap() {
    const char* setting = std::getenv("TECSMAP_HUGE_PAGES");
    if (setting && std::strcmp(setting, "0") == 0)
        return false;
    MallocExtension* extension = MallocExtension::instance();
    SysAllocator* own = extension->GetSystemAllocator();
    if (!own)
        return false;
    // Never destroyed: tcmalloc may grow its heap until the very end of the process, after
    // every static destructor.
    alignas(HugePageSystemAllocator) static unsigned char storage[sizeof(HugePageSystemAllocator)];
    extension->SetSystemAllocator(::new (storage) HugePageSystemAllocator(own));
    tecsmap::note_huge_page_heap();
    return true;
}

[[maybe_unused]] const bool installed = install_huge_page_heap();

} // namespace
