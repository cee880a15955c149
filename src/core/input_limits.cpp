#include "input_limits.hpp"

#include "errors.hpp"

#include <cpl_vsi.h>

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace tecsmap {

namespace {

constexpr std::uint64_t kMiB = 1024ull * 1024ull;
constexpr std::uint64_t kGiB = 1024ull * kMiB;

// What a kind is called in messages ("pour un fichier d'étude").
const char* kind_label(InputKind kind) {
    switch (kind) {
    case InputKind::Study:
        return "un fichier d'étude";
    case InputKind::Table:
        return "une table CSV ou un classeur";
    case InputKind::Layer:
        return "une couche vectorielle";
    case InputKind::Boundaries:
        return "une source de limites communales";
    case InputKind::Ban:
        return "un fichier de la Base Adresse Nationale";
    case InputKind::Grid:
        return "une grille de données carroyées";
    case InputKind::Roads:
        return "un extrait OpenStreetMap";
    }
    return "un fichier";
}

bool directory_source_allowed(const std::string& path, InputKind kind) {
    if (kind != InputKind::Layer && kind != InputKind::Boundaries && kind != InputKind::Grid)
        return false;
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".gdb"; // an Esri file geodatabase is a directory that GDAL opens
}

[[noreturn]] void refuse_size(const std::string& path, InputKind kind, std::uint64_t size,
                              bool at_least = false) {
    throw InputError(path, std::string(at_least ? "fichier de plus de " : "fichier de ") +
                               format_size(size) + ", au-delà de la limite de " +
                               format_size(input_size_cap(kind)) + " pour " + kind_label(kind) +
                               " (fichier erroné, ou à découper)");
}

void check_virtual(const std::string& path, InputKind kind) {
    VSIStatBufL st;
    if (VSIStatExL(path.c_str(), &st,
                   VSI_STAT_EXISTS_FLAG | VSI_STAT_NATURE_FLAG | VSI_STAT_SIZE_FLAG) != 0)
        throw InputError(path, "fichier introuvable");
    if (VSI_ISDIR(st.st_mode)) {
        if (!directory_source_allowed(path, kind))
            throw InputError(path, "c'est un répertoire, pas un fichier");
        return;
    }
    if (static_cast<std::uint64_t>(st.st_size) > input_size_cap(kind))
        refuse_size(path, kind, static_cast<std::uint64_t>(st.st_size));
}

} // namespace

std::uint64_t input_size_cap(InputKind kind) {
    switch (kind) {
    case InputKind::Study:
        return 1 * kMiB;
    case InputKind::Table:
        return 256 * kMiB;
    case InputKind::Layer:
        return 2 * kGiB;
    case InputKind::Boundaries:
        return 2 * kGiB;
    case InputKind::Ban:
        return 4 * kGiB;
    case InputKind::Grid:
        return 4 * kGiB;
    case InputKind::Roads:
        return 8 * kGiB; // the whole of France as PBF is about 4.5 GB

    }
    return 0;
}

std::string format_size(std::uint64_t bytes) {
    auto fmt = [](std::uint64_t v, std::uint64_t unit, const char* name) {
        // One decimal when it is not a whole number of units, with a decimal comma.
        const std::uint64_t tenths = (v * 10 + unit / 2) / unit;
        std::string s = std::to_string(tenths / 10);
        if (tenths % 10) {
            s += ',';
            s += std::to_string(tenths % 10);
        }
        s += ' ';
        return s + name;
    };
    if (bytes >= kGiB)
        return fmt(bytes, kGiB, "Gio");
    if (bytes >= kMiB)
        return fmt(bytes, kMiB, "Mio");
    if (bytes >= 1024)
        return fmt(bytes, 1024, "Kio");
    return std::to_string(bytes) + " octets";
}

void check_input_file(const std::string& path, InputKind kind) {
    if (path.empty())
        throw InputError("", "chemin de fichier vide");
    if (path.rfind("/vsi", 0) == 0) {
        check_virtual(path, kind);
        return;
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ENOENT || err == ENOTDIR)
            throw InputError(path, "fichier introuvable");
        throw InputError(path, std::string("fichier inaccessible : ") + std::strerror(err));
    }
    if (S_ISDIR(st.st_mode)) {
        if (directory_source_allowed(path, kind))
            return;
        throw InputError(path, "c'est un répertoire, pas un fichier");
    }
    if (S_ISFIFO(st.st_mode))
        throw InputError(path, "c'est un tube nommé (FIFO), pas un fichier : donnez le chemin "
                               "d'un fichier ordinaire");
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
        throw InputError(path, "c'est un périphérique, pas un fichier");
    if (S_ISSOCK(st.st_mode))
        throw InputError(path, "c'est une socket, pas un fichier");
    if (!S_ISREG(st.st_mode))
        throw InputError(path, "ce n'est pas un fichier ordinaire");
    if (static_cast<std::uint64_t>(st.st_size) > input_size_cap(kind))
        refuse_size(path, kind, static_cast<std::uint64_t>(st.st_size));
}

std::string read_input_file(const std::string& path, InputKind kind) {
    check_input_file(path, kind);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path, "fichier illisible");
    const std::uint64_t cap = input_size_cap(kind);
    std::string bytes;
    // Read in blocks up to one byte past the cap: a file whose size was not known (/proc) or
    // that grows meanwhile is refused without reading it all.
    char block[64 * 1024];
    while (in) {
        in.read(block, sizeof block);
        bytes.append(block, static_cast<std::size_t>(in.gcount()));
        if (bytes.size() > cap)
            refuse_size(path, kind, cap, true);
    }
    if (in.bad())
        throw InputError(path, "erreur de lecture");
    return bytes;
}

} // namespace tecsmap
