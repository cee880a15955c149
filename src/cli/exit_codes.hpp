#pragma once
// Exit codes of tecsmap, documented in README.md and `tecsmap --help`.
namespace tecsmap::cli {
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;       ///< unexpected failure (a bug or a library error)
inline constexpr int kExitUsage = 2;         ///< wrong command line
inline constexpr int kExitInput = 3;         ///< study or input data cannot be used: fix them
inline constexpr int kExitOutput = 4;        ///< output cannot be written; previous output intact
inline constexpr int kExitInterrupted = 130; ///< SIGINT/SIGTERM; previous output intact
} // namespace tecsmap::cli
