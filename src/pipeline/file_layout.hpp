// Discovery's reading of a migration file's name: its layout, read from the
// path alone, once per file.
#pragma once

#include <miglint/file_layout.hpp>

#include <string_view>

namespace miglint {

// Reads the layout of the file at `path` from the path alone; never touches
// the file system. Any extension: a file named on the command line is SQL.
FileLayout classify_layout(std::string_view path);

}  // namespace miglint
