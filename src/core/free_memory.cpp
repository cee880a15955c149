#include "free_memory.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace tecsmap {

void return_free_memory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

} // namespace tecsmap
