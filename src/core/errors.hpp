#pragma once
// Exception types of tecsmap. Wrappers turn every library error into one of these, with the
// context a user needs to fix the problem (file, layer, line or feature, field). Messages are
// in French because they are shown to users as they are.

#include <stdexcept>
#include <string>

namespace tecsmap {

/// Base of every tecsmap error. what() is a complete French sentence.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The study file or the command line asks for something impossible.
class StudyError : public Error {
public:
    using Error::Error;
};

/// An input file cannot be read or has content that cannot be used at all.
class InputError : public Error {
public:
    InputError(const std::string& file, const std::string& message)
        : Error(file.empty() ? message : file + " : " + message)
        , file_(file) {}
    const std::string& file() const noexcept { return file_; }

private:
    std::string file_;
};

/// An output cannot be written. The previous output, if any, is left untouched.
class OutputError : public Error {
public:
    using Error::Error;
};

/// A geometry library (GEOS, GDAL, PROJ) reported an unexpected failure.
class GeometryError : public Error {
public:
    using Error::Error;
};

/// The user asked to stop (SIGINT/SIGTERM); raised at the next safe point.
class Cancelled : public Error {
public:
    Cancelled()
        : Error("opération interrompue") {}
};

} // namespace tecsmap
