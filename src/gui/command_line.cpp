#include "command_line.hpp"

#include "atomic_output.hpp"
#include "errors.hpp"

#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QRegularExpression>
#include <QStringList>

namespace tecsmap::gui {

std::optional<QSize> parse_window_size(const QString& text, QString& error) {
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("^(\\d{1,9})[xX](\\d{1,9})$")).match(text.trimmed());
    const auto in_range = [](long long v) { return v >= kMinWindowSide && v <= kMaxWindowSide; };
    if (m.hasMatch() && in_range(m.captured(1).toLongLong()) &&
        in_range(m.captured(2).toLongLong()))
        return QSize(m.captured(1).toInt(), m.captured(2).toInt());
    error = QStringLiteral("--size « %1 » : attendu LARGEURxHAUTEUR en pixels, chaque côté de %2 "
                           "à %3 (par exemple 1600x1000)")
                .arg(text)
                .arg(kMinWindowSide)
                .arg(kMaxWindowSide);
    return std::nullopt;
}

std::optional<render::Theme> parse_theme_option(const QString& text, QString& error) {
    if (const auto theme = render::parse_theme(text.toStdString()))
        return theme;
    error = QStringLiteral("--theme « %1 » : thème inconnu ; thèmes possibles : gaps, clusters, "
                           "hotspots, perimeters, structures, evolution, acces, e2sfca")
                .arg(text);
    return std::nullopt;
}

std::optional<std::size_t> resolve_ctg(const render::MapData& data, const QString& text,
                                       QString& error) {
    const QString wanted = text.trimmed();
    const std::size_t n = data.ctgs().size();
    // A code first: CTG codes are SIREN numbers, never small indexes.
    const std::size_t by_code = data.ctg_index(wanted);
    if (by_code < n)
        return by_code;
    bool is_number = false;
    const qlonglong index = wanted.toLongLong(&is_number);
    if (is_number && index >= 0 && static_cast<std::size_t>(index) < n)
        return static_cast<std::size_t>(index);
    QStringList codes;
    for (std::size_t i = 0; i < n && i < 5; ++i)
        codes << data.ctgs()[i].code;
    if (n > 5)
        codes << QStringLiteral("…");
    error = n == 0 ? QStringLiteral("--ctg « %1 » : l'étude n'a aucune CTG").arg(text)
                   : QStringLiteral("--ctg « %1 » : CTG inconnue ; indiquez un numéro de 0 à %2 "
                                    "ou un code de CTG de l'étude (%3)")
                         .arg(text)
                         .arg(n - 1)
                         .arg(codes.join(QStringLiteral(", ")));
    return std::nullopt;
}

QString screenshot_format_error(const QString& path) {
    const QByteArray suffix = QFileInfo(path).suffix().toLower().toLatin1();
    const QList<QByteArray> formats = QImageWriter::supportedImageFormats();
    if (!suffix.isEmpty() && formats.contains(suffix))
        return {};
    QStringList names;
    for (const QByteArray& f : formats)
        names << QString::fromLatin1(f);
    return QStringLiteral("%1 : extension %2 inconnue ; formats d'image possibles : %3")
        .arg(path,
             suffix.isEmpty() ? QStringLiteral("absente")
                              : QStringLiteral("« .%1 »").arg(QString::fromLatin1(suffix)),
             names.join(QStringLiteral(", ")));
}

void save_image_atomically(const QImage& image, const QString& path) {
    if (const QString e = screenshot_format_error(path); !e.isEmpty())
        throw OutputError(e.toStdString());
    AtomicOutput out(path.toStdString()); // checks the directory and permissions, with the cause
    const auto fail = [&](const QString& cause) {
        return OutputError(path.toStdString() + " : écriture de l'image impossible (" +
                           cause.toStdString() + ") ; le fichier précédent est intact");
    };
    QFile file(QString::fromStdString(out.temp_path()));
    if (!file.open(QIODevice::WriteOnly))
        throw fail(file.errorString());
    QImageWriter writer(&file, QFileInfo(path).suffix().toLower().toLatin1());
    if (!writer.write(image))
        throw fail(writer.errorString());
    // Buffered bytes reach the disk here: a full disk shows now, before the rename.
    if (!file.flush() || file.error() != QFileDevice::NoError)
        throw fail(file.errorString());
    file.close();
    out.commit();
}

} // namespace tecsmap::gui
