#pragma once
// The map canvas: a thin view over render jobs. It keeps the view (centre and metres per
// pixel), coalesces refresh requests with a timer, cancels stale jobs, and while the next frame
// renders it pans and zooms the last finished image, so the event loop never waits on drawing.
// Frames come back through a QFutureWatcher the canvas owns (render_job.hpp): the worker never
// sees the canvas, a superseded or cancelled job's frame is dropped, and a canvas destroyed
// mid-render just lets its last job finish into nothing. Static layers are cached per view
// (layer_cache.hpp), so most frames only paint points, labels and the focus.

#include "canvas_tool.hpp"
#include "layer_cache.hpp"
#include "map_data.hpp"
#include "map_settings.hpp"
#include "render_job.hpp"

#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>

namespace tecsmap::gui {

class MapCanvas : public QWidget {
    Q_OBJECT
public:
    explicit MapCanvas(QWidget* parent = nullptr);
    ~MapCanvas() override;

    void set_data(std::shared_ptr<const render::MapData> data);
    /// Theme, layers, focus, style: everything but the extent and the size.
    void set_settings(const render::MapSettings& settings);
    const render::MapSettings& settings() const { return settings_; }
    /// The settings of the current view (extent and size filled in), for exports.
    render::MapSettings view_settings() const;

    void zoom_to(const QRectF& metric);
    QRectF extent() const;
    QPointF to_map(const QPointF& widget) const;
    QPointF to_widget(const QPointF& map) const;

    /// The last finished frame and how long it took.
    const QImage& frame() const { return image_; }
    double last_frame_ms() const { return last_frame_ms_; }
    /// True once a frame for the current view and settings has been drawn.
    bool up_to_date() const { return !job_ && !refresh_.isActive(); }
    /// Jobs started and frames delivered so far (a cancelled or superseded job delivers none).
    int jobs_started() const { return jobs_started_; }
    int frames_delivered() const { return frames_delivered_; }
    /// The cache of static layers shared by this canvas's frames.
    const render::LayerCache& layer_cache() const { return *cache_; }
    /// Cancels the running job, if any; no frame is delivered for it.
    void cancel_render();
    /// An editing tool offered the mouse and keys first, painting over the frame (null: none).
    /// Not owned; its owner removes it before dying.
    void set_tool(CanvasTool* tool);
    CanvasTool* tool() const { return tool_; }
    /// Metres per pixel of the current view.
    double metres_per_pixel() const { return m_per_px_; }

signals:
    void clicked(QPointF map_point);
    void frame_rendered();

protected:
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void keyPressEvent(QKeyEvent*) override;

private:
    void request_refresh();
    void start_render();
    void on_frame();
    void zoom_by(double factor, QPointF about_widget);

    std::shared_ptr<const render::MapData> data_;
    render::MapSettings settings_;
    QPointF centre_;
    double m_per_px_ = 100;
    QTimer refresh_;
    std::optional<render::RenderJob> job_;
    QFutureWatcher<std::shared_ptr<const render::Frame>> watcher_;
    std::shared_ptr<render::LayerCache> cache_;
    int jobs_started_ = 0;
    int frames_delivered_ = 0;
    QImage image_;
    QRectF image_extent_;
    double last_frame_ms_ = 0;
    QPoint press_pos_;
    QPointF press_centre_;
    bool dragging_ = false;
    CanvasTool* tool_ = nullptr;
    bool tool_pressed_ = false;
};

} // namespace tecsmap::gui
