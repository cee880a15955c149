#include "exporter.hpp"

#include "atomic_output.hpp"
#include "errors.hpp"
#include "pdf_output.hpp"

#include <QImage>
#include <QPageSize>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <algorithm>
#include <filesystem>

namespace tecsmap::render {

std::optional<Format> format_for(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    if (ext == ".png")
        return Format::Png;
    if (ext == ".svg")
        return Format::Svg;
    if (ext == ".pdf")
        return Format::Pdf;
    return std::nullopt;
}

void export_map(const std::string& path, MapSettings settings, const MapData& data,
                const PageSpec& page, const PageTexts& texts) {
    const auto format = format_for(path);
    if (!format)
        throw OutputError(path + " : extension inconnue (.png, .svg ou .pdf)");
    AtomicOutput out(path);
    const QString temp = QString::fromStdString(out.temp_path());
    switch (*format) {
    case Format::Png: {
        settings.dpi = page.dpi;
        const QSize px = page.size_px();
        QImage image(px, QImage::Format_ARGB32_Premultiplied);
        const int dpm = static_cast<int>(page.dpi / 0.0254 + 0.5);
        image.setDotsPerMeterX(dpm);
        image.setDotsPerMeterY(dpm);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            paint_map_page(painter, QRectF(QPointF(0, 0), QSizeF(px)), settings, data, texts);
        }
        if (!image.save(temp, "PNG"))
            throw OutputError(path + " : écriture de l'image impossible (disque plein ?)");
        break;
    }
    case Format::Svg: {
        settings.dpi = 96;
        const PageSpec svg_page{page.size_mm, 96};
        const QSize px = svg_page.size_px();
        QSvgGenerator svg;
        svg.setFileName(temp);
        svg.setSize(px);
        svg.setViewBox(QRect(QPoint(0, 0), px));
        svg.setResolution(96);
        svg.setTitle(texts.title);
        svg.setDescription(texts.subtitle);
        {
            QPainter painter;
            if (!painter.begin(&svg))
                throw OutputError(path + " : écriture SVG impossible");
            paint_map_page(painter, QRectF(QPointF(0, 0), QSizeF(px)), settings, data, texts);
            if (!painter.end())
                throw OutputError(path + " : écriture SVG impossible (disque plein ?)");
        }
        break;
    }
    case Format::Pdf: {
        QPdfWriter pdf(temp);
        pdf.setResolution(static_cast<int>(page.dpi));
        pdf.setPageSize(QPageSize(page.size_mm, QPageSize::Millimeter));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(texts.title);
        pdf.setCreator(QStringLiteral("tecsmap"));
        settings.dpi = page.dpi;
        QPainter painter;
        if (!painter.begin(&pdf))
            throw OutputError(path + " : écriture PDF impossible");
        paint_map_page(painter, QRectF(0, 0, pdf.width(), pdf.height()), settings, data, texts);
        if (!painter.end())
            throw OutputError(path + " : écriture PDF impossible (disque plein ?)");
        finish_pdf(out.temp_path(), path);
        break;
    }
    }
    if (!std::filesystem::exists(out.temp_path()))
        throw OutputError(path + " : rien n'a été écrit");
    out.commit();
}

} // namespace tecsmap::render
