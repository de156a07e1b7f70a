// Reading LSP frames: `Content-Length: N` headers, a blank line, N bytes of
// body. Usable on its own (the fuzzer drives it directly).
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

namespace miglint::lsp {

struct Frame {
    enum class Kind {
        message,    // `body` holds one frame's body, not yet parsed
        bad_frame,  // a header or body that cannot be a frame; `problem` says why
        end,        // the input is exhausted
    };
    Kind kind = Kind::end;
    std::string body;
    std::string problem;
};

class MessageReader {
public:
    explicit MessageReader(std::istream& in);

    // The next frame. After a bad header the reader skips ahead to the next
    // `Content-Length:` it sees, so one broken frame costs only itself.
    Frame next();

    // True when input is buffered already (pushed back, or in the stream's
    // buffer), so next() will not wait for the client.
    [[nodiscard]] bool has_buffered_input() const;

    // Tells the reader that `body`, the last frame's body, was not a message
    // (invalid JSON): when a header starts inside it, because a frame with too
    // long a length swallowed the start of the next one, reading resumes there.
    void resume_inside(std::string_view body);

private:
    // The next byte, from pushed-back bytes first; -1 at the end of input.
    int get();
    // Reads one header line without its line ending; false at the end of input.
    // A line longer than a header can be stops there, with `too_long` set.
    bool read_line(std::string& line, bool& too_long);
    // Reads up to `count` body bytes.
    std::string read_body(std::size_t count);
    // Skips input up to the next `Content-Length:`, which is kept for the next frame.
    void skip_to_header();

    std::istream* m_in;
    std::string m_pending;  // bytes pushed back, read before the stream
    std::size_t m_pending_at = 0;
};

}  // namespace miglint::lsp
