#include "run_clock.hpp"

#include "paths.hpp"

#include <charconv>

namespace tecsmap {

std::time_t run_time() {
    const std::string epoch = env("SOURCE_DATE_EPOCH");
    long long v = 0;
    const auto [end, ec] = std::from_chars(epoch.data(), epoch.data() + epoch.size(), v);
    if (!epoch.empty() && ec == std::errc() && end == epoch.data() + epoch.size() && v >= 0)
        return static_cast<std::time_t>(v);
    return std::time(nullptr);
}

std::string iso_utc(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string french_date(std::time_t t) {
    static const char* const months[] = {"janvier", "février", "mars",      "avril",
                                         "mai",     "juin",    "juillet",   "août",
                                         "septembre", "octobre", "novembre", "décembre"};
    std::tm tm{};
    gmtime_r(&t, &tm);
    return std::to_string(tm.tm_mday) + (tm.tm_mday == 1 ? "er " : " ") + months[tm.tm_mon] +
           " " + std::to_string(tm.tm_year + 1900);
}

} // namespace tecsmap
