# The layers of miglint (docs/architecture.md): one static library each, whose
# links are the arrows the layering allows.
#
#   miglint_layer(<target>
#     [ROOT <dir>]        include root of the layer's headers, given to the layers that use it
#     [SOURCES <files>]
#     [USES <targets>]    layers (or libraries) its headers expose: PUBLIC
#     [LINKS <targets>])  layers (or libraries) only its sources use: PRIVATE
#
# A source sees only the include roots of its own layer and of the layers it
# uses, so an include across a forbidden arrow fails to compile; tests/layers/
# proves it. A header of the same folder is included by its bare name, a header
# of another layer by its path under that layer's root ("sql/pg_tree.hpp").
function(miglint_layer target)
  cmake_parse_arguments(PARSE_ARGV 1 layer "" "ROOT" "SOURCES;USES;LINKS")
  add_library(${target} STATIC ${layer_SOURCES})
  if(layer_ROOT)
    target_include_directories(${target} PUBLIC "${layer_ROOT}")
  endif()
  target_link_libraries(${target} PUBLIC ${layer_USES} PRIVATE ${layer_LINKS} miglint_warnings)
  # The model's headers (and the standard headers they pull in) are most of
  # what each file compiles: parsed once per layer instead of once per file.
  if(MIGLINT_PCH)
    target_precompile_headers(${target} PRIVATE
      <miglint/rule.hpp> <miglint/lint_output.hpp> <algorithm> <functional> <map> <memory> <optional> <set> <string> <vector>)
  endif()
endfunction()
