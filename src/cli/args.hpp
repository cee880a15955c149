#pragma once
// A small command-line parser: positional arguments and --name VALUE / --flag options, with
// errors that name the option. Enough for tecsmap's few options, no dependency.

#include "analysis/study_run.hpp"

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace tecsmap::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Args {
public:
    /// `with_value` are the options that take a value, `flags` those that do not.
    Args(const std::vector<std::string>& argv, const std::set<std::string>& with_value,
         const std::set<std::string>& flags);

    bool has(const std::string& name) const { return flags_.count(name) || values_.count(name); }
    std::optional<std::string> value(const std::string& name) const;
    std::optional<double> number(const std::string& name) const;
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::set<std::string> flags_;
    std::map<std::string, std::string> values_;
    std::vector<std::string> positional_;
};

/// --radius-km, --eps-km, --min-points as overrides of the study's [analysis] values, each
/// validated (UsageError naming the flag and the valid range).
ParameterOverrides parameter_overrides(const Args& args);
/// `options` plus the option names of the parameters ("radius-km", ...).
std::set<std::string> with_parameter_flags(std::set<std::string> options);
/// Help lines for the parameter options, from the parameter table.
std::string parameter_help();
/// The one study file a command works on; a usage error naming `command` and its --help
/// otherwise.
const std::string& study_argument(const Args& args, const std::string& command);
/// Refuses (usage error) an output path that does not end in `.gpkg`.
void require_gpkg_extension(const std::string& out);
/// --no-cache: the territory is built without its cache (sets TECSMAP_NO_CACHE=1, which the
/// territory cache reads).
void apply_cache_flag(const Args& args);

} // namespace tecsmap::cli
