#pragma once
// Qt's PDF writer stamps each file with the current time and a random document id. For
// reproducible outputs (SOURCE_DATE_EPOCH, see run_clock.hpp) the finished file's creation
// date becomes the run's time and its id a hash of the content; both are rewritten in place
// with the same length, so the cross-reference offsets stay valid.

#include <string>

namespace tecsmap::render {

/// Rewrites the date and id of the PDF at `temp_path` (written by QPdfWriter). `target` names
/// the file in messages. Throws OutputError when the file cannot be read or written.
void finish_pdf(const std::string& temp_path, const std::string& target);

} // namespace tecsmap::render
