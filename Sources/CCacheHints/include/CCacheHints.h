#ifndef PIPELINE_CACHE_HINTS_H
#define PIPELINE_CACHE_HINTS_H

/// Asks the processor to bring the cache line holding `address` into its caches, for a read soon
/// (`prefetcht0` on x86-64, `prfm pldl1keep` on arm64), without waiting for it: the instruction
/// retires at once, where a load that misses holds the instructions behind it until its line
/// arrives. A hint only: it never faults, even for an address that is not mapped. Inline, so that a
/// call is the instruction itself (Swift has no prefetch of its own; `_mm_prefetch` is a macro
/// that Swift cannot import).
static inline void pipeline_prefetch_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
