#pragma once
// The bundled Drôme study analysed and prepared for drawing, for render-side tests.

#include "fixtures.hpp"
#include "map_data.hpp"
#include "map_settings.hpp"

#include <memory>

namespace tecsmap::test {

inline std::shared_ptr<const render::MapData> drome_map_data(const StudyRun& run) {
    return std::make_shared<const render::MapData>(
        render::MapSource{run, nullptr, Cog::bundled().version(), "1 janvier 2026"});
}

struct DromeMap {
    DromeMap()
        : run(run_study(source_data_dir() + "/drome.toml", Cog::bundled()))
        , data(drome_map_data(run)) {}
    StudyRun run;
    std::shared_ptr<const render::MapData> data;

    /// A map-view frame like the canvas's: `size` px centred on `centre`, `m_per_px` metres
    /// per pixel, 96 dpi.
    render::MapSettings view(QPointF centre, double m_per_px, QSize size = {900, 640}) const {
        render::MapSettings s;
        s.style = bundled_style();
        s.size_px = size;
        s.dpi = 96;
        s.extent = QRectF(centre.x() - size.width() * m_per_px / 2,
                          centre.y() - size.height() * m_per_px / 2, size.width() * m_per_px,
                          size.height() * m_per_px);
        return s;
    }
    /// The whole territory in a frame of `size`.
    render::MapSettings full_view(QSize size = {900, 640}) const {
        const QRectF e = data->extent();
        const double m = std::max(e.width() / size.width(), e.height() / size.height()) * 1.05;
        return view(e.center(), m, size);
    }
};

} // namespace tecsmap::test
