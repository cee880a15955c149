#include "output_guard.hpp"

#include "args.hpp"

#include <filesystem>

namespace fs = std::filesystem;

namespace tecsmap::cli {

namespace {
bool same_file(const std::string& a, const std::string& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec))
        return fs::equivalent(a, b, ec); // hard links and symbolic links alike
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}
} // namespace

void refuse_outputs_over_inputs(const Study& study, const std::vector<std::string>& outputs) {
    for (const std::string& out : outputs)
        for (const auto& [key, input] : study_input_files(study))
            if (same_file(out, input))
                throw UsageError("la sortie « " + out + " » est un fichier d'entrée de l'étude (" +
                                 key + ") : elle le détruirait ; choisissez un autre nom");
}

} // namespace tecsmap::cli
