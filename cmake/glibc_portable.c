/* Linked into the portable binary only (MIGLINT_PORTABLE). libstdc++'s
 * std::random_device, linked in statically, calls arc4random, which glibc
 * gained in 2.36; defined here, the binary keeps running on glibc 2.35
 * (Ubuntu 22.04), the newest version it needs otherwise. Same contract as
 * glibc's: random bits from the kernel (getrandom, glibc 2.25), never fails. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

uint32_t arc4random(void) {
    uint32_t value;
    for (;;) {
        ssize_t got = getrandom(&value, sizeof value, 0);
        if (got == (ssize_t)sizeof value) return value;
        if (got < 0 && errno == EINTR) continue;
        abort(); /* no getrandom: Linux < 3.17, older than any distribution with glibc 2.35 */
    }
}
