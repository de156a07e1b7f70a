#include <miglint/printable.hpp>

#include <cstdio>

namespace miglint {

std::string escape_controls(std::string_view text, std::string_view keep) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        // U+0080 to U+009F: terminals read some of them (0x9B) as an escape sequence.
        const bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                        static_cast<unsigned char>(text[i + 1]) <= 0x9F;
        if ((c >= 0x20 && c != 0x7F && !c1) || keep.find(text[i]) != std::string_view::npos) {
            out += text[i];
            continue;
        }
        switch (c) {
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default: {
                char hex[8];
                std::snprintf(hex, sizeof hex, "\\x%02X", c1 ? static_cast<unsigned char>(text[++i]) : c);
                out += hex;
            }
        }
    }
    return out;
}

void truncate_text(std::string& text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return;
    auto cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    text.resize(cut);
    text += "...";
}

}  // namespace miglint
