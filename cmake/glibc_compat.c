/* Two functions glibc gained in 2.38, which Debian's libpg_query 18 package was
 * built against; Debian 12 has glibc 2.36. Each behaves as glibc's does. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* C23's strtoul: glibc 2.38 maps strtoul to it when compiling for C2x. The
 * one difference, "0b" binary prefixes with base 0 or 2, is never asked for by
 * the parser (it scans decimal and hex), so plain strtoul serves. */
unsigned long __isoc23_strtoul(const char* text, char** end, int base);
unsigned long __isoc23_strtoul(const char* text, char** end, int base) {
    return strtoul(text, end, base);
}

#ifndef MIGLINT_HAVE_STRLCPY
size_t strlcpy(char* dest, const char* src, size_t size);
size_t strlcpy(char* dest, const char* src, size_t size) {
    size_t length = strlen(src);
    if (size != 0) {
        size_t copied = length < size - 1 ? length : size - 1;
        memcpy(dest, src, copied);
        dest[copied] = '\0';
    }
    return length;
}
#endif
