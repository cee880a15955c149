#include "memory_allocator.hpp"

#include <dlfcn.h>

#include <cstring>
#include <fstream>

#include <cstdlib> // defines __GLIBC__ on glibc systems

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace tecsmap {

namespace {

// gperftools' own version function, exported by every tcmalloc library; looked up in the
// running process, since only the programs link tcmalloc.
using TcVersion = const char* (*)(int* major, int* minor, const char** patch);

// Set before main() by the programs' static initializer (constant-initialized, so set safely
// whatever the order of static initialization), read afterwards.
bool huge_page_heap = false;

TcVersion tc_version_function() {
    return reinterpret_cast<TcVersion>(dlsym(RTLD_DEFAULT, "tc_version"));
}

} // namespace

bool allocator_is_tcmalloc() {
    // The library loaded is not enough: malloc itself must be tcmalloc's (an alias of its
    // tc_malloc), i.e. the program linked it ahead of the C library. Asked in an order where no
    // lookup fails: a failed dlsym leaves an error message allocated in the calling thread,
    // which LeakSanitizer reports once a worker thread that asked has ended.
    static const bool serves = [] {
        void* malloc_address = dlsym(RTLD_DEFAULT, "malloc");
        Dl_info where{};
        if (!malloc_address || dladdr(malloc_address, &where) == 0 || !where.dli_fname ||
            std::strstr(where.dli_fname, "tcmalloc") == nullptr)
            return false;
        return dlsym(RTLD_DEFAULT, "tc_malloc") == malloc_address;
    }();
    return serves;
}

std::string allocator_name() {
    TcVersion version = allocator_is_tcmalloc() ? tc_version_function() : nullptr;
    if (version) {
        int major = 0;
        int minor = 0;
        const char* patch = "";
        version(&major, &minor, &patch);
        return "tcmalloc " + std::to_string(major) + "." + std::to_string(minor) +
               (patch ? patch : "");
    }
    return "malloc de la bibliothèque C";
}

bool heap_uses_huge_pages() {
    return huge_page_heap && allocator_is_tcmalloc();
}

std::string huge_page_mode() {
    // The selected mode is the bracketed word: "always [madvise] never".
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string line;
    std::getline(in, line);
    const auto open = line.find('['), close = line.find(']');
    if (open == std::string::npos || close == std::string::npos || close < open)
        return {};
    return line.substr(open + 1, close - open - 1);
}

void note_huge_page_heap() {
    huge_page_heap = true;
}

void return_free_memory() {
#if defined(__GLIBC__)
    if (!allocator_is_tcmalloc())
        malloc_trim(0);
#endif
}

} // namespace tecsmap
