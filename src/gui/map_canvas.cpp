#include "map_canvas.hpp"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

namespace tecsmap::gui {

MapCanvas::MapCanvas(QWidget* parent)
    : QWidget(parent) {
    setMinimumSize(320, 240);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
    refresh_.setSingleShot(true);
    refresh_.setInterval(15); // coalesce bursts (wheel, resize, toggles) into one frame
    connect(&refresh_, &QTimer::timeout, this, &MapCanvas::start_render);
    cache_ = std::make_shared<render::LayerCache>();
    connect(&watcher_, &QFutureWatcherBase::finished, this, &MapCanvas::on_frame);
}

MapCanvas::~MapCanvas() {
    // The worker holds only the job's shared state; the watcher (a member) is disconnected as
    // it is destroyed, so nothing reaches this canvas after this point.
    cancel_render();
}

void MapCanvas::cancel_render() {
    if (job_)
        job_->cancel();
    job_.reset();
}

void MapCanvas::set_tool(CanvasTool* tool) {
    tool_ = tool;
    tool_pressed_ = false;
    update();
}

void MapCanvas::set_data(std::shared_ptr<const render::MapData> data) {
    const bool first = !data_;
    data_ = std::move(data);
    if (first && data_)
        zoom_to(data_->extent());
    request_refresh();
}

void MapCanvas::set_settings(const render::MapSettings& settings) {
    settings_ = settings;
    request_refresh();
}

QRectF MapCanvas::extent() const {
    const double w = width() * m_per_px_, h = height() * m_per_px_;
    return {centre_.x() - w / 2, centre_.y() - h / 2, w, h};
}

render::MapSettings MapCanvas::view_settings() const {
    render::MapSettings s = settings_;
    s.extent = extent();
    const double dpr = devicePixelRatioF();
    s.size_px = QSize(static_cast<int>(width() * dpr), static_cast<int>(height() * dpr));
    s.dpi = 96 * dpr;
    return s;
}

void MapCanvas::zoom_to(const QRectF& r) {
    if (r.isEmpty())
        return;
    centre_ = r.center();
    m_per_px_ =
        std::max(r.width() / std::max(width(), 1), r.height() / std::max(height(), 1)) * 1.05;
    request_refresh();
}

QPointF MapCanvas::to_map(const QPointF& w) const {
    return {centre_.x() + (w.x() - width() / 2.0) * m_per_px_,
            centre_.y() - (w.y() - height() / 2.0) * m_per_px_};
}

QPointF MapCanvas::to_widget(const QPointF& m) const {
    return {width() / 2.0 + (m.x() - centre_.x()) / m_per_px_,
            height() / 2.0 - (m.y() - centre_.y()) / m_per_px_};
}

void MapCanvas::request_refresh() {
    update(); // show the cached image at the new view at once
    refresh_.start();
}

void MapCanvas::start_render() {
    if (!data_ || width() <= 0 || height() <= 0)
        return;
    cancel_render(); // a newer view supersedes the running job: its frame will be dropped
    job_.emplace(view_settings(), data_, cache_);
    ++jobs_started_;
    watcher_.setFuture(job_->start());
}

void MapCanvas::on_frame() {
    const std::shared_ptr<const render::Frame> frame = watcher_.future().result();
    // Only the current job's frame is shown: not a cancelled one, not a superseded one.
    if (!frame || !job_ || job_->cancelled() || frame->job != job_->id())
        return;
    job_.reset();
    image_ = frame->image;
    image_.setDevicePixelRatio(devicePixelRatioF());
    image_extent_ = frame->settings.extent;
    last_frame_ms_ = frame->elapsed_ms;
    ++frames_delivered_;
    update();
    emit frame_rendered();
}

void MapCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    if (image_.isNull())
        return;
    // The last frame, placed where its extent falls in the current view.
    const QPointF tl = to_widget(image_extent_.topLeft());
    const QPointF br = to_widget(image_extent_.bottomRight());
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(QRectF(QPointF(tl.x(), br.y()), QPointF(br.x(), tl.y())), image_);
    if (tool_)
        tool_->paint(p, QTransform(1 / m_per_px_, 0, 0, -1 / m_per_px_,
                                   width() / 2.0 - centre_.x() / m_per_px_,
                                   height() / 2.0 + centre_.y() / m_per_px_));
}

void MapCanvas::resizeEvent(QResizeEvent*) {
    request_refresh();
}

void MapCanvas::mousePressEvent(QMouseEvent* e) {
    if (tool_ && tool_->press(to_map(e->position()), e->button())) {
        tool_pressed_ = true;
        return;
    }
    if (e->button() != Qt::LeftButton)
        return;
    press_pos_ = e->pos();
    press_centre_ = centre_;
    dragging_ = false;
}

void MapCanvas::mouseMoveEvent(QMouseEvent* e) {
    if (tool_ && tool_pressed_) {
        tool_->move(to_map(e->position()));
        return;
    }
    if (!(e->buttons() & Qt::LeftButton))
        return;
    const QPoint d = e->pos() - press_pos_;
    if (!dragging_ && d.manhattanLength() < 4)
        return;
    dragging_ = true;
    centre_ = press_centre_ + QPointF(-d.x() * m_per_px_, d.y() * m_per_px_);
    request_refresh();
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* e) {
    if (tool_ && tool_pressed_) {
        tool_pressed_ = false;
        tool_->release(to_map(e->position()));
        return;
    }
    if (e->button() != Qt::LeftButton)
        return;
    if (!dragging_ && !(tool_ && tool_->click(to_map(e->position()), e->modifiers())))
        emit clicked(to_map(e->position()));
    dragging_ = false;
}

void MapCanvas::zoom_by(double factor, QPointF about) {
    const QPointF before = to_map(about);
    m_per_px_ = std::clamp(m_per_px_ / factor, 0.5, 20000.0);
    const QPointF after = to_map(about);
    centre_ += before - after;
    request_refresh();
}

void MapCanvas::wheelEvent(QWheelEvent* e) {
    const double steps = e->angleDelta().y() / 120.0;
    zoom_by(std::pow(1.25, steps), e->position());
}

void MapCanvas::keyPressEvent(QKeyEvent* e) {
    if (tool_ && tool_->key(e))
        return;
    if (e->key() == Qt::Key_Plus)
        zoom_by(1.5, rect().center());
    else if (e->key() == Qt::Key_Minus)
        zoom_by(1 / 1.5, rect().center());
    else
        QWidget::keyPressEvent(e);
}

} // namespace tecsmap::gui
