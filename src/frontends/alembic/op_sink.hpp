// Where the operations of one direction (upgrade or downgrade) are collected
// while its function bodies are walked.
#pragma once

#include <miglint/migration.hpp>
#include <miglint/operation.hpp>

#include <cstdint>
#include <vector>

namespace miglint::alembic {

class OpSink {
public:
    OpSink(std::vector<Operation>& ops, std::vector<FrontEndDiagnostic>& diagnostics)
        : m_ops(ops), m_diagnostics(diagnostics) {}

    // Starts the next statement: every op emitted until the next call shares
    // its index (op.create_table with an Enum column emits CREATE TYPE too).
    void begin_statement() { m_current = m_next++; }
    // Continues numbering after statements lowered elsewhere (embedded SQL).
    [[nodiscard]] std::uint32_t next_statement() const { return m_next; }
    void set_next_statement(std::uint32_t next) { m_next = next; }

    void emit(OperationData data, Span span) {
        Operation op;
        op.data = std::move(data);
        op.span = span;
        op.statement = m_current;
        op.autocommit = m_autocommit;
        m_ops.push_back(std::move(op));
    }
    // Adds an op lowered by the SQL front end, keeping its statement index.
    void emit_lowered(Operation op) {
        op.autocommit = m_autocommit;
        m_ops.push_back(std::move(op));
    }
    void diagnose(FrontEndDiagnostic diagnostic) { m_diagnostics.push_back(std::move(diagnostic)); }

    // How many ops were emitted so far.
    [[nodiscard]] std::size_t size() const { return m_ops.size(); }
    // Marks the ops emitted since the first `size()` ops as run by a batch_op call, which
    // `call` (an op.* call; empty when there is none) does outside the batch block.
    void set_outside_batch(std::size_t from, const std::string& call) {
        for (auto i = from; i < m_ops.size(); ++i) m_ops[i].outside_batch = call;
    }

    [[nodiscard]] bool autocommit() const { return m_autocommit; }
    void set_autocommit(bool on) { m_autocommit = on; }

private:
    std::vector<Operation>& m_ops;
    std::vector<FrontEndDiagnostic>& m_diagnostics;
    std::uint32_t m_next = 0;
    std::uint32_t m_current = 0;
    bool m_autocommit = false;
};

}  // namespace miglint::alembic
