#include "args.hpp"

#include <filesystem>

#include "format.hpp"
#include "text.hpp"

#include <algorithm>
#include <cstdlib>

namespace tecsmap::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& with_value,
           const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        std::string a = argv[i];
        if (a.rfind("--", 0) != 0 || a == "--") {
            positional_.push_back(a);
            continue;
        }
        std::string name = a.substr(2), value;
        const auto eq = name.find('=');
        const bool inline_value = eq != std::string::npos;
        if (inline_value) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (flags.count(name) && !inline_value) {
            flags_.insert(name);
        } else if (with_value.count(name)) {
            if (!inline_value) {
                if (i + 1 >= argv.size())
                    throw UsageError("l'option --" + name + " attend une valeur");
                value = argv[++i];
            }
            values_[name] = value;
        } else {
            throw UsageError("option inconnue : --" + name);
        }
    }
}

std::optional<std::string> Args::value(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::optional<double> Args::number(const std::string& name) const {
    auto v = value(name);
    if (!v)
        return std::nullopt;
    auto n = text::parse_number(*v);
    if (!n)
        throw UsageError("--" + name + " attend un nombre, pas « " + *v + " »");
    return n;
}

ParameterOverrides parameter_overrides(const Args& args) {
    ParameterOverrides o;
    AnalysisParameters check; // each value is validated here, as it enters
    for (const ParameterSpec& spec : parameter_specs()) {
        const std::string flag = std::string(spec.cli_flag).substr(2);
        const auto v = args.number(flag);
        if (!v)
            continue;
        const ParameterOrigin origin = ParameterOrigin::command_line(spec.cli_flag);
        try {
            check.set(spec.id, *v, origin);
        } catch (const ParameterError& e) {
            // A bad value typed on the command line is a usage error (exit 2).
            throw UsageError(e.what());
        }
        o.values.push_back({spec.id, *v, origin});
    }
    return o;
}

std::set<std::string> with_parameter_flags(std::set<std::string> options) {
    for (const ParameterSpec& spec : parameter_specs())
        options.insert(std::string(spec.cli_flag).substr(2));
    return options;
}

void apply_cache_flag(const Args& args) {
    if (args.has("no-cache"))
        ::setenv("TECSMAP_NO_CACHE", "1", 1);
}

std::string parameter_help() {
    std::string out;
    for (const ParameterSpec& spec : parameter_specs()) {
        std::string line = "  " + std::string(spec.cli_flag) + " V";
        line.resize(std::max<std::size_t>(line.size() + 1, 22), ' ');
        out += line + spec.label + " (" + describe_range(spec) + ", défaut : étude, sinon " +
               fr::number(spec.default_value, 2) + ")\n";
    }
    return out;
}

const std::string& study_argument(const Args& args, const std::string& command) {
    if (args.positional().size() != 1)
        throw UsageError("tecsmap " + command + " attend un fichier d'étude (voir tecsmap " +
                         command + " --help)");
    return args.positional()[0];
}

void require_gpkg_extension(const std::string& out) {
    if (std::filesystem::path(out).extension() != ".gpkg")
        throw UsageError("--out doit se terminer par .gpkg : « " + out + " »");
}

} // namespace tecsmap::cli
