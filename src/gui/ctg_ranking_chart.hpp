#pragma once
// The presentation's CTG ranking: one horizontal bar per CTG, sorted by uncovered share
// (largest first), drawn with QPainter, the share written at the end of each bar.

#include <QString>
#include <QWidget>

#include <vector>

namespace tecsmap::render {
class MapData;
}

namespace tecsmap::gui {

class CtgRankingChart : public QWidget {
    Q_OBJECT
public:
    struct Row {
        QString name;
        double uncovered_share = 0; ///< in [0, 1]
        double pop_uncovered = 0;
    };
    explicit CtgRankingChart(QWidget* parent = nullptr);

    /// The CTGs of a run, sorted by uncovered share (descending; ties by name).
    static std::vector<Row> ranking(const render::MapData& data);
    void set_rows(std::vector<Row> rows);
    const std::vector<Row>& rows() const { return rows_; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    std::vector<Row> rows_;
};

} // namespace tecsmap::gui
