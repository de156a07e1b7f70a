// A value or an error, for failures that cross module borders (I/O, config).
#pragma once

#include <miglint/source.hpp>

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace miglint {

struct Error {
    std::string message;
    std::string path;               // empty when no file is involved
    std::optional<Position> where;  // line and column, when known

    // "path:line:col: message", "path: message" or "message".
    [[nodiscard]] std::string display() const;
};

template <class T>
class Result {
public:
    Result(T value) : m_data(std::move(value)) {}        // NOLINT(google-explicit-constructor)
    Result(Error error) : m_data(std::move(error)) {}    // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] T& value() { return std::get<0>(m_data); }
    [[nodiscard]] const T& value() const { return std::get<0>(m_data); }
    [[nodiscard]] const Error& error() const { return std::get<1>(m_data); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

private:
    std::variant<T, Error> m_data;
};

}  // namespace miglint
