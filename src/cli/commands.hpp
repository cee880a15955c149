#pragma once
// The tecsmap subcommands. Each returns a process exit code (see exit_codes.hpp).

#include <string>
#include <vector>

namespace tecsmap::cli {

using Argv = std::vector<std::string>;

int run_info(const Argv& args);
int run_analyse(const Argv& args);
int run_validate(const Argv& args);
int run_render(const Argv& args);
int run_atlas(const Argv& args);
int run_suggest(const Argv& args);

} // namespace tecsmap::cli
