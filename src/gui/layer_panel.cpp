#include "layer_panel.hpp"

#include "map_page.hpp"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

namespace tecsmap::gui {

namespace {
// Overlays first (their order is user-controlled), then the base layers.
const std::pair<const char*, const char*> kLayers[] = {{"initiatives", "Initiatives TECS"},
                                                       {"structures", "Structures (CS, EVS…)"},
                                                       {"perimeters", "Périmètres PAT, PCAET, CTE"},
                                                       {"clusters", "Grappes d'initiatives"},
                                                       {"gaps", "Zones non couvertes"},
                                                       {"hotspots", "Points chauds (Gi*)"},
                                                       {"isochrones", "Isochrones (Accès)"},
                                                       {"access", "Minutes par la route (Accès)"},
                                                       {"labels", "Noms des CTG et communes"},
                                                       {"ctg", "Limites des CTG"},
                                                       {"epci", "Limites des EPCI"},
                                                       {"communes", "Communes"},
                                                       {"neighbours", "Départements voisins"}};
const QStringList kOrdered = {"gaps", "clusters", "perimeters", "structures", "initiatives"};
} // namespace

LayerPanel::LayerPanel(QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    list_ = new QListWidget(this);
    list_->setObjectName("layers");
    for (const auto& [key, label] : kLayers) {
        auto* item = new QListWidgetItem(QString::fromUtf8(label), list_);
        item->setData(Qt::UserRole, QString::fromLatin1(key));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        opacity_by_key_[QString::fromLatin1(key)] = 1.0;
    }
    layout->addWidget(new QLabel(
        QStringLiteral("Couches (cocher pour afficher ; ordre de dessin : haut = dessus)"), this));
    layout->addWidget(list_, 1);
    auto* row = new QHBoxLayout;
    auto* up = new QPushButton(QStringLiteral("Monter"), this);
    auto* down = new QPushButton(QStringLiteral("Descendre"), this);
    row->addWidget(up);
    row->addWidget(down);
    layout->addLayout(row);
    auto* op_row = new QHBoxLayout;
    op_row->addWidget(new QLabel(QStringLiteral("Opacité"), this));
    opacity_ = new QSlider(Qt::Horizontal, this);
    opacity_->setRange(10, 100);
    opacity_->setValue(100);
    op_row->addWidget(opacity_);
    layout->addLayout(op_row);
    legend_ = new QLabel(this);
    legend_->setObjectName("legend");
    legend_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(legend_);

    connect(list_, &QListWidget::itemChanged, this, [this] { emit changed(); });
    connect(list_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item) {
            const QSignalBlocker block(opacity_);
            opacity_->setValue(
                static_cast<int>(opacity_by_key_[item->data(Qt::UserRole).toString()] * 100));
        }
    });
    connect(opacity_, &QSlider::valueChanged, this, [this](int v) {
        if (QListWidgetItem* item = list_->currentItem()) {
            opacity_by_key_[item->data(Qt::UserRole).toString()] = v / 100.0;
            emit changed();
        }
    });
    connect(up, &QPushButton::clicked, this, [this] { move_selected(-1); });
    connect(down, &QPushButton::clicked, this, [this] { move_selected(1); });
}

void LayerPanel::move_selected(int delta) {
    const int row = list_->currentRow();
    const int target = row + delta;
    if (row < 0 || target < 0 || target >= list_->count())
        return;
    QListWidgetItem* item = list_->takeItem(row);
    list_->insertItem(target, item);
    list_->setCurrentRow(target);
    emit changed();
}

void LayerPanel::apply_to(render::LayerVisibility& l) const {
    auto on = [this](const char* key) { return is_visible(QString::fromLatin1(key)); };
    l.neighbours = on("neighbours");
    l.communes = on("communes");
    l.epci = on("epci");
    l.ctg = on("ctg");
    l.gaps = on("gaps");
    l.clusters = on("clusters");
    l.hotspots = on("hotspots");
    l.perimeters = on("perimeters");
    l.structures = on("structures");
    l.initiatives = on("initiatives");
    l.labels = on("labels");
    l.access = on("access");
    l.isochrones = on("isochrones");
    l.gaps_opacity = opacity_by_key_.at("gaps");
    l.clusters_opacity = opacity_by_key_.at("clusters");
    l.hotspots_opacity = opacity_by_key_.at("hotspots");
    l.perimeters_opacity = opacity_by_key_.at("perimeters");
    l.access_opacity = opacity_by_key_.at("access");
    // The list shows the top layer first; the renderer wants the bottom first.
    l.overlay_order.clear();
    for (int i = list_->count() - 1; i >= 0; --i) {
        const QString key = list_->item(i)->data(Qt::UserRole).toString();
        if (kOrdered.contains(key))
            l.overlay_order.push_back(key.toStdString());
    }
}

void LayerPanel::set_visible(const QString& key, bool visible) {
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->data(Qt::UserRole).toString() == key)
            list_->item(i)->setCheckState(visible ? Qt::Checked : Qt::Unchecked);
}

bool LayerPanel::is_visible(const QString& key) const {
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->data(Qt::UserRole).toString() == key)
            return list_->item(i)->checkState() == Qt::Checked;
    return false;
}

void LayerPanel::update_legend(const render::MapSettings& settings, const render::MapData& data) {
    const auto entries = render::legend_entries(settings, data);
    const double dpi = 96 * devicePixelRatioF();
    const int w = 280;
    QPixmap pix(QSize(w, 40 + 26 * static_cast<int>(entries.size())) * devicePixelRatioF());
    pix.setDevicePixelRatio(devicePixelRatioF());
    pix.fill(Qt::transparent);
    QPainter p(&pix);
    render::paint_legend(p, QPointF(4, 4), w - 8, entries, dpi / devicePixelRatioF(), 1);
    legend_->setPixmap(pix);
}

} // namespace tecsmap::gui
