#include "map_settings.hpp"

namespace tecsmap::render {

std::optional<Theme> parse_theme(const std::string& name) {
    if (name == "gaps")
        return Theme::Gaps;
    if (name == "clusters")
        return Theme::Clusters;
    if (name == "hotspots")
        return Theme::Hotspots;
    if (name == "perimeters")
        return Theme::Perimeters;
    if (name == "structures")
        return Theme::Structures;
    if (name == "evolution")
        return Theme::Evolution;
    if (name == "acces")
        return Theme::Access;
    if (name == "e2sfca")
        return Theme::AccessIndex;
    return std::nullopt;
}

std::string theme_key(Theme theme) {
    switch (theme) {
    case Theme::Gaps:
        return "gaps";
    case Theme::Clusters:
        return "clusters";
    case Theme::Hotspots:
        return "hotspots";
    case Theme::Perimeters:
        return "perimeters";
    case Theme::Structures:
        return "structures";
    case Theme::Evolution:
        return "evolution";
    case Theme::Access:
        return "acces";
    case Theme::AccessIndex:
        return "e2sfca";
    }
    return "gaps";
}

QString theme_title(Theme theme) {
    switch (theme) {
    case Theme::Gaps:
        return QStringLiteral("Zones non couvertes par un centre social ou un EVS");
    case Theme::Clusters:
        return QStringLiteral("Grappes d'initiatives TECS");
    case Theme::Hotspots:
        return QStringLiteral("Points chauds des initiatives TECS");
    case Theme::Perimeters:
        return QStringLiteral("Politiques locales : PAT, PCAET et CTE");
    case Theme::Structures:
        return QStringLiteral("Structures d'animation de la vie sociale");
    case Theme::Evolution:
        return QStringLiteral("Évolution des initiatives TECS par CTG");
    case Theme::Access:
        return QStringLiteral("Temps d'accès par la route à un centre social ou un EVS");
    case Theme::AccessIndex:
        return QStringLiteral("Accessibilité aux centres sociaux et EVS (indice E2SFCA)");
    }
    return {};
}

} // namespace tecsmap::render
