#include "toml_limits.hpp"

#include "errors.hpp"

#include <vector>

namespace tecsmap {

namespace {

class NestingScanner {
public:
    NestingScanner(std::string_view text, const std::string& path, int max_depth)
        : t_(text)
        , path_(path)
        , max_(max_depth) {}

    void run() {
        while (i_ < t_.size()) {
            const char c = t_[i_];
            if (c == '\n') {
                ++line_;
                ++i_;
                if (stack_.empty()) { // a new statement
                    expect_key_ = true;
                    in_key_ = false;
                    segments_ = 1;
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                ++i_;
                continue;
            }
            if (c == '#') {
                while (i_ < t_.size() && t_[i_] != '\n')
                    ++i_;
                continue;
            }
            if (c == '"' || c == '\'') {
                skip_string();
                continue;
            }
            if (expect_key_)
                key_char(c);
            else
                value_char(c);
        }
    }

private:
    struct Frame {
        char kind;       ///< '[' array, '{' inline table
        int depth;       ///< depth of the array's elements, or of the inline table itself
        int outer_value; ///< value depth to restore when the frame closes
    };

    [[noreturn]] void too_deep() const {
        throw StudyError(path_ + ", ligne " + std::to_string(line_) +
                         " : imbrication trop profonde (plus de " + std::to_string(max_) +
                         " niveaux de tables, de clés pointées ou de tableaux) : ce n'est pas "
                         "un fichier d'étude tecsmap");
    }
    void check(int depth) const {
        if (depth > max_)
            too_deep();
    }

    // In key position: a table header at the start of a top-level statement, else the dotted
    // segments of a key up to '='.
    void key_char(char c) {
        if (c == '[' && stack_.empty() && segments_ == 1 && !in_key_) {
            table_header();
            return;
        }
        if (c == '}' && !stack_.empty() && stack_.back().kind == '{') { // {} or trailing ','
            close_frame();
            return;
        }
        ++i_;
        if (c == '.') {
            check(base() + ++segments_);
        } else if (c == '=') {
            value_ = base() + segments_;
            check(value_);
            expect_key_ = false;
            in_key_ = false;
            segments_ = 1;
        } else {
            in_key_ = true;
        }
    }

    void value_char(char c) {
        ++i_;
        if (c == '[') {
            stack_.push_back({'[', value_ + 1, value_});
            value_ += 1;
            check(value_);
        } else if (c == '{') {
            stack_.push_back({'{', value_, value_});
            check(value_ + 1);
            expect_key_ = true;
            segments_ = 1;
            in_key_ = false;
        } else if (c == ']' || c == '}') {
            --i_;
            close_frame();
        } else if (c == ',' && !stack_.empty()) {
            if (stack_.back().kind == '{') {
                expect_key_ = true;
                segments_ = 1;
                in_key_ = false;
            } else {
                value_ = stack_.back().depth;
            }
        }
    }

    void close_frame() {
        ++i_;
        if (stack_.empty())
            return; // unbalanced: the parser will say so
        value_ = stack_.back().outer_value;
        stack_.pop_back();
        expect_key_ = false;
        in_key_ = false;
    }

    int base() const { return stack_.empty() ? table_depth_ : stack_.back().depth; }

    // [a.b."c.d"] or [[a.b]]: its depth is its number of segments.
    void table_header() {
        int segments = 1;
        ++i_;
        while (i_ < t_.size() && t_[i_] != '\n') {
            const char c = t_[i_];
            if (c == '"' || c == '\'') {
                skip_string();
                continue;
            }
            ++i_;
            if (c == '.')
                check(++segments);
            else if (c == ']')
                break;
        }
        if (i_ < t_.size() && t_[i_] == ']')
            ++i_;
        table_depth_ = segments;
        // The rest of the line is a comment or an error for the parser.
        while (i_ < t_.size() && t_[i_] != '\n' && t_[i_] != '#')
            ++i_;
    }

    // Basic "..." (escapes) and literal '...' strings end at the line; multi-line ones
    // ("""...""" and '''...''', up to two more quotes belonging to the content) may span lines.
    void skip_string() {
        const char q = t_[i_];
        if (expect_key_)
            in_key_ = true;
        const bool multi = t_.substr(i_, 3) == std::string_view(q == '"' ? "\"\"\"" : "'''");
        i_ += multi ? 3 : 1;
        while (i_ < t_.size()) {
            const char c = t_[i_];
            if (c == '\\' && q == '"') {
                if (i_ + 1 < t_.size() && t_[i_ + 1] == '\n')
                    ++line_;
                i_ += 2;
                continue;
            }
            if (c == '\n') {
                if (!multi)
                    return; // unterminated: the parser will say so
                ++line_;
            }
            if (c == q) {
                if (!multi) {
                    ++i_;
                    return;
                }
                if (t_.substr(i_, 3) == std::string_view(q == '"' ? "\"\"\"" : "'''")) {
                    i_ += 3;
                    for (int extra = 0; extra < 2 && i_ < t_.size() && t_[i_] == q; ++extra)
                        ++i_;
                    return;
                }
            }
            ++i_;
        }
    }

    std::string_view t_;
    const std::string& path_;
    int max_;
    std::size_t i_ = 0;
    int line_ = 1;
    std::vector<Frame> stack_;
    int table_depth_ = 0;
    bool expect_key_ = true;
    bool in_key_ = false;
    int segments_ = 1;
    int value_ = 0;
};

} // namespace

void check_toml_nesting(std::string_view text, const std::string& path, int max_depth) {
    NestingScanner(text, path, max_depth).run();
}

} // namespace tecsmap
