#pragma once
// The one clock of a run. With SOURCE_DATE_EPOCH set (reproducible-builds.org convention) every
// timestamp tecsmap writes — run_info, map dates, PDF metadata — is that instant, so two runs
// give byte-identical outputs; otherwise the current time.

#include <ctime>
#include <string>

namespace tecsmap {

/// SOURCE_DATE_EPOCH when set to a valid integer, else now.
std::time_t run_time();
/// ISO 8601 UTC: "2026-11-30T08:15:00Z".
std::string iso_utc(std::time_t t);
/// French date for maps: « 30 novembre 2026 » (UTC calendar day).
std::string french_date(std::time_t t);

} // namespace tecsmap
