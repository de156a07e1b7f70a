# Runs tools/<script> DIR at configure time when DIR lacks the file MARKER (a
# path inside DIR): third-party code is fetched into the build's reach, never
# committed. Stops configuring with HINT when the script fails.
function(miglint_fetch_third_party name script dir marker hint)
  if(EXISTS "${dir}/${marker}")
    return()
  endif()
  message(STATUS "Fetching ${name} into ${dir}")
  execute_process(COMMAND bash "${CMAKE_SOURCE_DIR}/tools/${script}" "${dir}" RESULT_VARIABLE fetch_result)
  if(NOT fetch_result EQUAL 0)
    message(FATAL_ERROR "${name} is missing: run tools/${script} (${hint})")
  endif()
endfunction()
