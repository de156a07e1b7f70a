// One include, compiled with a layer's include roots by the probes in
// tests/layers/CMakeLists.txt: an allowed header compiles, a forbidden one is not found.
#include MIGLINT_PROBE_HEADER
