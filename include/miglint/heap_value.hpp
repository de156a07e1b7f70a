// Values kept on the heap behind one pointer but copied and compared like the
// value itself. A long history holds every operation of every file at once, so
// the large parts only some operations have (a DEFAULT expression, a whole
// column definition) live here instead of widening every operation to the
// size of the largest.
#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace miglint {

// An optional value on the heap: the subset of std::optional's interface the
// code base uses, at the size of a pointer.
template <class T>
class HeapOptional {
public:
    HeapOptional() = default;
    HeapOptional(std::nullopt_t) {}  // NOLINT: converts like std::optional
    HeapOptional(T value) : m_value(std::make_unique<T>(std::move(value))) {}  // NOLINT
    HeapOptional(std::optional<T> value) {  // NOLINT
        if (value) m_value = std::make_unique<T>(std::move(*value));
    }
    HeapOptional(const HeapOptional& other) : m_value(other.m_value ? std::make_unique<T>(*other.m_value) : nullptr) {}
    HeapOptional(HeapOptional&&) noexcept = default;
    HeapOptional& operator=(const HeapOptional& other) {
        if (this != &other) m_value = other.m_value ? std::make_unique<T>(*other.m_value) : nullptr;
        return *this;
    }
    HeapOptional& operator=(HeapOptional&&) noexcept = default;
    ~HeapOptional() = default;

    [[nodiscard]] bool has_value() const { return m_value != nullptr; }
    explicit operator bool() const { return has_value(); }
    T& operator*() { return *m_value; }
    const T& operator*() const { return *m_value; }
    T* operator->() { return m_value.get(); }
    const T* operator->() const { return m_value.get(); }
    template <class... Args>
    T& emplace(Args&&... args) {
        m_value = std::make_unique<T>(std::forward<Args>(args)...);
        return *m_value;
    }
    void reset() { m_value.reset(); }

    friend bool operator==(const HeapOptional& a, const HeapOptional& b) {
        return a.has_value() == b.has_value() && (!a.has_value() || *a == *b);
    }

private:
    std::unique_ptr<T> m_value;
};

// A value that is always present, on the heap (an alternative of a variant
// much larger than the others).
template <class T>
class Boxed {
public:
    Boxed() : m_value(std::make_unique<T>()) {}
    Boxed(T value) : m_value(std::make_unique<T>(std::move(value))) {}  // NOLINT: converts like T
    Boxed(const Boxed& other) : m_value(std::make_unique<T>(*other.m_value)) {}
    // A moved-from box is left empty; like any moved-from value it is only assigned to or destroyed.
    Boxed(Boxed&&) noexcept = default;
    Boxed& operator=(const Boxed& other) {
        if (this != &other) m_value = std::make_unique<T>(*other.m_value);
        return *this;
    }
    Boxed& operator=(Boxed&&) noexcept = default;
    ~Boxed() = default;

    T& get() { return *m_value; }
    const T& get() const { return *m_value; }

    friend bool operator==(const Boxed& a, const Boxed& b) { return a.get() == b.get(); }

private:
    std::unique_ptr<T> m_value;
};

template <class T> struct IsBoxed : std::false_type {};
template <class T> struct IsBoxed<Boxed<T>> : std::true_type {};

// The value in `v`, whether it is boxed or not.
template <class T> T& unboxed(T& v) { return v; }
template <class T> const T& unboxed(const T& v) { return v; }
template <class T> T& unboxed(Boxed<T>& v) { return v.get(); }
template <class T> const T& unboxed(const Boxed<T>& v) { return v.get(); }

}  // namespace miglint
