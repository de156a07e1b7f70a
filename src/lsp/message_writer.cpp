#include "lsp/message_writer.hpp"

#include <ostream>

namespace miglint::lsp {

void MessageWriter::write(const nlohmann::json& message) {
    const auto body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    *m_out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
    m_out->flush();
}

}  // namespace miglint::lsp
