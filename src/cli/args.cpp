#include "args.hpp"

#include "text.hpp"

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
    o.coverage_radius_km = args.number("radius-km");
    o.cluster_eps_km = args.number("eps-km");
    if (auto m = args.number("min-points"))
        o.cluster_min_points = static_cast<int>(*m);
    // A bad value typed on the command line is a usage error (exit 2), not a study error.
    if ((o.coverage_radius_km && *o.coverage_radius_km <= 0) ||
        (o.cluster_eps_km && *o.cluster_eps_km <= 0) ||
        (o.cluster_min_points && *o.cluster_min_points < 1))
        throw UsageError("--radius-km et --eps-km doivent être > 0, --min-points >= 1");
    return o;
}

} // namespace tecsmap::cli
