#pragma once
// A bound on the nesting of a TOML text, checked before the text is parsed. A table header or a
// dotted key with tens of thousands of segments (`[a.a.a.a....]`) parses into as many nested
// tables; walking or destroying them recursively overflows the stack. The study file never
// needs more than a few levels, so the text is refused beyond kMaxTomlNesting with a message
// naming the line.

#include <string>
#include <string_view>

namespace tecsmap {

/// Levels of tables (headers, dotted keys, inline tables) and arrays a study file may nest.
inline constexpr int kMaxTomlNesting = 32;

/// Throws StudyError "PATH, ligne N : ..." when some value of `text` is nested deeper than
/// `max_depth` levels. Linear in the text, no recursion; strings and comments are skipped.
/// Malformed text is left to the parser (whose message is better), unless too deep.
void check_toml_nesting(std::string_view text, const std::string& path,
                        int max_depth = kMaxTomlNesting);

} // namespace tecsmap
