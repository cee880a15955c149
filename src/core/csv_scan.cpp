#include "csv_scan.hpp"

#include "input_limits.hpp"
#include "text.hpp"

#include <algorithm>
#include <cstring>

namespace tecsmap::csv {

namespace {

bool is_eol(char c) {
    return c == '\n' || c == '\r';
}

// Position of the next occurrence of one byte, remembered: after a failed record the scan
// resumes at the next line, and searching again from there must not cost the whole rest of the
// file each time (no occurrence in [from_, at_) is known).
class NextByte {
public:
    NextByte(std::string_view bytes, char c)
        : b_(bytes)
        , c_(c) {}
    std::size_t find(std::size_t from) {
        if (valid_ && from >= from_ && from <= at_)
            return at_;
        const void* p =
            from < b_.size() ? std::memchr(b_.data() + from, c_, b_.size() - from) : nullptr;
        from_ = from;
        at_ = p ? static_cast<std::size_t>(static_cast<const char*>(p) - b_.data()) : b_.size();
        valid_ = true;
        return at_;
    }

private:
    std::string_view b_;
    char c_;
    bool valid_ = false;
    std::size_t from_ = 0, at_ = 0;
};

// GDAL reads the geometries of a column named WKT (any case).
bool is_wkt_name(std::string_view name) {
    return name.size() == 3 && (name[0] | 0x20) == 'w' && (name[1] | 0x20) == 'k' &&
           (name[2] | 0x20) == 't';
}

void append_quoted(std::string& out, std::string_view v) {
    out += '"';
    for (char c : v) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

std::string quote_for_message(std::string_view v, bool cp1252) {
    return "« " + display_text(v, cp1252, 60) + " »";
}

class Scanner {
public:
    Scanner(std::string_view bytes, char separator, const Options& options)
        : b_(bytes)
        , n_(bytes.size())
        , sep_(separator)
        , o_(options)
        , quote_(bytes, '"')
        , lf_(bytes, '\n')
        , cr_(bytes, '\r') {}

    Scan run();

private:
    enum class Status { Ok, Unterminated, TooLong };

    struct Attempt {
        Status status = Status::Ok;
        std::size_t end = 0;            ///< Ok: just after the record's line break
        int line_breaks = 0;            ///< Ok: line breaks inside quoted cells
        bool anomaly = false;           ///< a quoted cell closed by a quote followed by text
        bool multiline_anomaly = false; ///< the same, on a cell spanning lines
        bool rows_in_cell = false;      ///< several of its lines hold a whole row's separators
        bool has_nul = false;
        std::size_t count = 0;           ///< fields
        std::size_t last_nonempty = 0;   ///< 1 + index of the last non-empty field
        std::size_t nonempty_extras = 0; ///< non-empty fields beyond `keep`
    };

    Attempt read_record(std::size_t start, std::size_t keep);
    // Finds where the field starting at `from` ends: the first separator or line break at or
    // after `from`, or the end of the file; false when that lies beyond the record's cap.
    bool field_end(std::size_t from, std::size_t limit, std::size_t& end) const;
    std::size_t line_end(std::size_t from) { return std::min(lf_.find(from), cr_.find(from)); }
    std::size_t after_line_break(std::size_t at) const {
        return (b_[at] == '\r' && at + 1 < n_ && b_[at + 1] == '\n') ? at + 2 : at + 1;
    }
    // Appends b_[from, to) to `value` with line breaks read as \n; returns the breaks seen.
    int append_cell_text(std::string& value, std::size_t from, std::size_t to) const;
    // Physical lines of b_[from, to) holding at least `seps` separators (quotes ignored).
    int lines_with_separators(std::size_t from, std::size_t to, std::size_t seps) const;
    void store_field(std::string&& value, std::size_t keep, Attempt& a);
    void reject_line(Scan& s, std::size_t start, int line, const Attempt& a);
    void accept(Scan& s, std::size_t start, int line, const Attempt& a);

    std::string_view b_;
    std::size_t n_;
    char sep_;
    const Options& o_;
    NextByte quote_, lf_, cr_;
    std::size_t header_size_ = 0;
    std::vector<std::string> fields_; ///< the first `keep` fields of the current record
    std::vector<std::string> extras_; ///< a few non-empty values beyond them, for messages
};

bool Scanner::field_end(std::size_t from, std::size_t limit, std::size_t& end) const {
    std::size_t i = from;
    while (i < limit && b_[i] != sep_ && !is_eol(b_[i]))
        ++i;
    end = i;
    return i == n_ || b_[i] == sep_ || is_eol(b_[i]);
}

int Scanner::append_cell_text(std::string& value, std::size_t from, std::size_t to) const {
    int breaks = 0;
    for (std::size_t i = from; i < to; ++i) {
        const char c = b_[i];
        if (c == '\r' || c == '\n') {
            ++breaks;
            value += '\n';
            if (c == '\r' && i + 1 < to && b_[i + 1] == '\n')
                ++i;
        } else {
            value += c;
        }
    }
    return breaks;
}

int Scanner::lines_with_separators(std::size_t from, std::size_t to, std::size_t seps) const {
    int lines = 0;
    std::size_t run = 0;
    for (std::size_t i = from; i <= to; ++i) {
        if (i == to || is_eol(b_[i])) {
            if (run >= seps)
                ++lines;
            run = 0;
        } else if (b_[i] == sep_) {
            ++run;
        }
    }
    return lines;
}

void Scanner::store_field(std::string&& value, std::size_t keep, Attempt& a) {
    if (!value.empty())
        a.last_nonempty = a.count + 1;
    if (a.count < keep)
        fields_.push_back(std::move(value));
    else if (!value.empty() && ++a.nonempty_extras <= 3)
        extras_.push_back(std::move(value));
    ++a.count;
}

Scanner::Attempt Scanner::read_record(std::size_t start, std::size_t keep) {
    Attempt a;
    fields_.clear();
    extras_.clear();
    // Content positions of the record are < limit; a terminator may sit at limit.
    const std::size_t cap = o_.limits.max_record_bytes;
    const std::size_t limit = n_ - start > cap ? start + cap : n_;
    std::size_t i = start;
    for (;;) {
        std::string value;
        std::size_t end = 0;
        if (i < n_ && b_[i] == '"') {
            const std::size_t field_start = i;
            std::size_t from = i + 1;
            int cell_breaks = 0;
            for (;;) {
                const std::size_t q = quote_.find(from);
                if (q >= n_) {
                    a.status = Status::Unterminated;
                    return a;
                }
                if (q >= limit) {
                    a.status = Status::TooLong;
                    return a;
                }
                cell_breaks += append_cell_text(value, from, q);
                if (q + 1 < n_ && b_[q + 1] == '"') { // "" is one quote
                    if (q + 1 >= limit) {
                        a.status = Status::TooLong;
                        return a;
                    }
                    value += '"';
                    from = q + 2;
                    continue;
                }
                end = q + 1;
                if (end == n_ || b_[end] == sep_ || is_eol(b_[end]))
                    break;
                // A closing quote followed by text: the cell is read as written.
                a.anomaly = true;
                if (cell_breaks > 0)
                    a.multiline_anomaly = true;
                if (!field_end(end, limit, end)) {
                    a.status = Status::TooLong;
                    return a;
                }
                value.assign(b_.data() + field_start, end - field_start);
                break;
            }
            a.line_breaks += cell_breaks;
        } else {
            if (!field_end(i, limit, end)) {
                a.status = Status::TooLong;
                return a;
            }
            value.assign(b_.data() + i, end - i);
        }
        store_field(std::move(value), keep, a);
        if (end < n_ && b_[end] == sep_) {
            i = end + 1;
            continue;
        }
        a.end = end == n_ ? n_ : after_line_break(end);
        // GDAL reads C strings: a NUL byte anywhere in the record would cut it.
        a.has_nul = std::memchr(b_.data() + start, '\0', a.end - start) != nullptr;
        return a;
    }
}

void Scanner::reject_line(Scan& s, std::size_t start, int line, const Attempt& a) {
    const std::size_t end = line_end(start);
    const std::size_t length = end - start;
    const std::string cap = format_size(o_.limits.max_record_bytes);
    std::string reason;
    if (length > o_.limits.max_record_bytes)
        reason = "ligne de " + format_size(length) + ", au-delà de la limite de " + cap +
                 " par ligne : ligne écartée, la lecture reprend à la ligne suivante";
    else if (a.status == Status::Unterminated)
        reason = "guillemet ouvrant jamais refermé (la cellule engloberait tout le reste du "
                 "fichier) : ligne écartée, la lecture reprend à la ligne suivante";
    else if (a.status == Status::TooLong)
        reason = "cellule entre guillemets ouverte à cette ligne et longue de plus de " + cap +
                 " (guillemet jamais refermé ?) : ligne écartée, la lecture reprend à la ligne "
                 "suivante";
    else
        reason =
            "guillemet ouvrant mal refermé : la cellule engloberait les lignes " +
            std::to_string(line) + " à " + std::to_string(line + a.line_breaks) +
            (a.rows_in_cell ? " qui ont l'allure de lignes entières"
                            : " sans former une ligne valide (" + std::to_string(a.count) +
                                  " champ(s) pour " + std::to_string(header_size_) + " colonnes)") +
            " : ligne écartée, la lecture reprend à la ligne suivante";
    s.rejected.push_back(
        {line, reason,
         display_text(b_.substr(start, std::min(length, o_.limits.display_bytes + 1)),
                      o_.windows_1252, o_.limits.display_bytes)});
}

void Scanner::accept(Scan& s, std::size_t start, int line, const Attempt& a) {
    if (a.has_nul) {
        s.rejected.push_back(
            {line,
             "caractère nul (octet 0) dans la ligne : fichier binaire ou abîmé ? Ligne écartée",
             display_text(b_.substr(start, std::min(a.end - start, o_.limits.display_bytes + 1)),
                          o_.windows_1252, o_.limits.display_bytes)});
        return;
    }
    const bool cp = o_.windows_1252;
    if (a.count < header_size_)
        s.notes.push_back({"missing_columns", line,
                           std::to_string(a.count) + " champ(s) pour " +
                               std::to_string(header_size_) +
                               " colonnes dans l'en-tête : les colonnes manquantes sont lues "
                               "vides"});
    if (a.last_nonempty > header_size_) {
        std::string values;
        for (const std::string& v : extras_)
            values += (values.empty() ? "" : ", ") + quote_for_message(v, cp);
        s.notes.push_back({"extra_columns", line,
                           std::to_string(a.count) + " champs pour " +
                               std::to_string(header_size_) +
                               " colonnes dans l'en-tête : " + std::to_string(a.nonempty_extras) +
                               " valeur(s) en trop, non lue(s) (" + values +
                               (a.nonempty_extras > extras_.size() ? ", …" : "") +
                               ") : séparateur dans une cellule sans guillemets ?"});
    }
    if (a.anomaly)
        s.notes.push_back({"quote_in_field", line,
                           "guillemet fermant suivi de texte : cellule lue telle qu'écrite, "
                           "guillemets compris"});
    const std::size_t index = s.records.size();
    for (std::size_t j = 0; j < header_size_; ++j) {
        append_quoted(s.sanitized, j < fields_.size() ? fields_[j] : std::string_view());
        s.sanitized += kSanitizedSeparator;
    }
    s.sanitized += std::to_string(index);
    s.sanitized += '\n';
    Record r;
    r.line = line;
    r.last_line = line + a.line_breaks;
    if (o_.keep_fields) {
        r.fields = fields_;
        r.fields.resize(header_size_);
    }
    s.records.push_back(std::move(r));
}

Scan Scanner::run() {
    Scan s;
    std::size_t pos = 0;
    if (b_.substr(0, 3) == "\xEF\xBB\xBF")
        pos = 3;
    if (pos == n_ || is_eol(b_[pos])) {
        s.fatal = "la ligne 1 est vide : elle doit porter les noms des colonnes";
        return s;
    }
    const Attempt h = read_record(pos, o_.limits.max_columns + 1);
    if (h.status == Status::TooLong) {
        s.fatal = "en-tête (ligne 1) de plus de " + format_size(o_.limits.max_record_bytes) +
                  " : ce n'est pas un fichier CSV lisible";
        return s;
    }
    if (h.status == Status::Unterminated) {
        s.fatal = "guillemet jamais refermé dans l'en-tête (ligne 1)";
        return s;
    }
    if (h.has_nul) {
        s.fatal = "octets nuls dans l'en-tête : fichier binaire, ou texte en UTF-16 (« texte "
                  "Unicode » d'Excel) ; enregistrez-le en CSV UTF-8";
        return s;
    }
    if (h.count > o_.limits.max_columns) {
        s.fatal = "en-tête de " + std::to_string(h.count) + " colonnes, au-delà de la limite de " +
                  std::to_string(o_.limits.max_columns);
        return s;
    }
    s.header = fields_;
    // Names are shown on one line: a line break inside a quoted name (also one kept raw in a
    // name read as written, `"a\r\nb"c`) or a tab becomes a space.
    for (std::string& name : s.header) {
        std::string one_line;
        for (std::size_t k = 0; k < name.size(); ++k) {
            const char c = name[k];
            if (c == '\r' && k + 1 < name.size() && name[k + 1] == '\n')
                continue; // \r\n is one break
            one_line += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
        }
        name = std::move(one_line);
    }
    header_size_ = s.header.size();
    // GDAL's CSV driver parses a header line by rules of its own (backslash escapes, a tab
    // switching the separator: fuzz findings), so the copy's header holds column numbers, not
    // the names; only a WKT column keeps its name, for GDAL to read its geometries.
    for (std::size_t j = 0; j < header_size_; ++j) {
        if (is_wkt_name(s.header[j])) {
            s.sanitized += "WKT";
        } else {
            s.sanitized += 'c';
            s.sanitized += std::to_string(j);
        }
        s.sanitized += kSanitizedSeparator;
    }
    s.sanitized += kRecordColumn;
    s.sanitized += '\n';

    int line = 2 + h.line_breaks;
    pos = h.end;
    while (pos < n_) {
        if (is_eol(b_[pos])) { // a blank line is not a record
            pos = after_line_break(pos);
            ++line;
            continue;
        }
        Attempt a = read_record(pos, header_size_);
        bool ok = a.status == Status::Ok;
        if (ok && a.line_breaks > 0) {
            // A record spanning lines must look like one record, else its opening quote is a
            // mistake: well formed, the header's number of fields, and not several lines that
            // each hold a whole row's separators (rows swallowed between two stray quotes).
            const std::size_t effective =
                a.count <= header_size_ ? a.count : std::max(header_size_, a.last_nonempty);
            a.rows_in_cell =
                header_size_ >= 2 && lines_with_separators(pos, a.end, header_size_ - 1) >= 2;
            ok = !a.multiline_anomaly && !a.rows_in_cell && effective == header_size_;
        }
        if (ok) {
            accept(s, pos, line, a);
            line += 1 + a.line_breaks;
            pos = a.end;
        } else {
            reject_line(s, pos, line, a);
            const std::size_t end = line_end(pos);
            pos = end < n_ ? after_line_break(end) : n_;
            ++line;
        }
    }
    s.physical_lines = line - 1;
    return s;
}

} // namespace

char sniff_separator(std::string_view bytes) {
    std::size_t semi = 0, comma = 0, tab = 0;
    bool quoted = false;
    const std::size_t limit = std::min<std::size_t>(bytes.size(), Limits{}.max_record_bytes);
    for (std::size_t i = 0; i < limit; ++i) {
        const char c = bytes[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted && c == ';')
            ++semi;
        else if (!quoted && c == ',')
            ++comma;
        else if (!quoted && c == '\t')
            ++tab;
    }
    if (tab > semi && tab > comma)
        return '\t';
    return semi >= comma && semi > 0 ? ';' : ',';
}

Scan scan(std::string_view bytes, char separator, const Options& options) {
    return Scanner(bytes, separator, options).run();
}

std::string display_text(std::string_view raw, bool windows_1252, std::size_t max_bytes) {
    const bool truncated = raw.size() > max_bytes;
    std::string_view cut = raw.substr(0, max_bytes);
    if (truncated && !windows_1252) {
        // Drop a UTF-8 character cut in the middle: find the last lead byte and its length.
        std::size_t lead = cut.size();
        while (lead > 0 && (static_cast<unsigned char>(cut[lead - 1]) & 0xC0) == 0x80)
            --lead;
        if (lead > 0) {
            const unsigned char c = static_cast<unsigned char>(cut[lead - 1]);
            const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (cut.size() - (lead - 1) < length)
                cut = cut.substr(0, lead - 1);
        }
    }
    const std::string text = windows_1252 ? text::cp1252_to_utf8(cut) : std::string(cut);
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\r' || c == '\n') {
            out += "\xE2\x86\xB5"; // ↵
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
        } else if (c == '\t') {
            out += ' ';
        } else if (c < 0x20 || c == 0x7F) {
            out += "\xEF\xBF\xBD"; // U+FFFD
        } else {
            out += static_cast<char>(c);
        }
    }
    if (truncated)
        out += "\xE2\x80\xA6"; // …
    return out;
}

} // namespace tecsmap::csv
