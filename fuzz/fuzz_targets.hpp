// The bodies of miglint's fuzz targets. Each is a plain function, so the same
// code runs under libFuzzer (fuzz/libfuzzer_entry.cpp) and, in the normal
// build, over the saved inputs in tests/fuzz-regressions/<target>/.
#pragma once

#include <cstddef>
#include <cstdint>

// The SQL front end and every rule: `data` is the text of a .sql migration.
int miglint_fuzz_sql(const std::uint8_t* data, std::size_t size);

// The Alembic front end and every rule: `data` is the text of versions/x.py.
int miglint_fuzz_alembic(const std::uint8_t* data, std::size_t size);

// The config loader: `data` is miglint.toml or pyproject.toml text; the
// settings it yields then lint a small fixed migration.
int miglint_fuzz_config(const std::uint8_t* data, std::size_t size);

// The LSP server: `data` is what a client writes to the server's stdin, after
// an `initialize` request the body sends first.
int miglint_fuzz_lsp(const std::uint8_t* data, std::size_t size);
