#pragma once
// Exit codes of tecsmap, documented in README.md and `tecsmap --help`.
namespace tecsmap::cli {
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;       ///< unexpected failure (a bug or a library error)
inline constexpr int kExitUsage = 2;         ///< wrong command line
inline constexpr int kExitInput = 3;         ///< study or input data cannot be used: fix them
inline constexpr int kExitOutput = 4;        ///< output cannot be written; previous output intact
/// Interrupted by a signal: 128 + its number (130 SIGINT, 143 SIGTERM, 129 SIGHUP, 141 SIGPIPE);
/// temporaries removed, previous output intact.
inline constexpr int kExitSignalBase = 128;
} // namespace tecsmap::cli
