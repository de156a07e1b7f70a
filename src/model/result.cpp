#include <miglint/result.hpp>

namespace miglint {

std::string Error::display() const {
    std::string out;
    if (!path.empty()) {
        out += path;
        if (where) out += ":" + std::to_string(where->line) + ":" + std::to_string(where->column);
        out += ": ";
    }
    return out + message;
}

}  // namespace miglint
