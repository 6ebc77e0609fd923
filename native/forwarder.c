/*
 * A forwarding library: it carries the soname and symbol version of an older major version of a
 * vendor library (SONAME, e.g. libcublas.so.12) and forwards every function listed in SYMBOLS to
 * the first of TARGETS that dlopen finds (e.g. libcublas.so.13). JCuda's natives were linked
 * against the older version; loading this library first satisfies their dependency with the
 * installed one. Functions the installed version no longer has return STUB_STATUS (the library's
 * "not supported" code) instead of aborting the process.
 *
 * Build (native/build.sh): gcc -shared -fPIC -DSYMBOLS='"gen.h"' -DTARGETS='"a","b"' -DSTUB_STATUS=n
 *        -Wl,-soname,SONAME -Wl,--version-script=... forwarder.c -ldl
 */
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((visibility("hidden"))) void *latent_forward_table[] = {
#define FORWARD(i, name) NULL,
#include SYMBOLS
#undef FORWARD
};

static const char *const names[] = {
#define FORWARD(i, name) #name,
#include SYMBOLS
#undef FORWARD
};

/* One trampoline per symbol: a jump through its table slot, so any signature forwards unchanged. */
#define FORWARD(i, name)                                          \
    __asm__(".text\n.globl " #name "\n.type " #name ",@function\n" #name ":\n" \
            "\tjmp *latent_forward_table+" #i "*8(%rip)\n.size " #name ", .-" #name "\n");
#include SYMBOLS
#undef FORWARD

static int missing(void) { return STUB_STATUS; }

__attribute__((constructor)) static void bind(void) {
    static const char *const targets[] = {TARGETS};
    void *lib = NULL;
    for (size_t t = 0; t < sizeof targets / sizeof *targets && !lib; t++) lib = dlopen(targets[t], RTLD_NOW | RTLD_LOCAL);
    if (!lib && getenv("LATENT_FORWARD_DEBUG")) fprintf(stderr, "latent forwarder: none of the targets loaded: %s\n", dlerror());
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        void *f = lib ? dlsym(lib, names[i]) : NULL;
        latent_forward_table[i] = f ? f : (void *)missing;
    }
}
