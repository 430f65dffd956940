#ifndef PIPELINE_ATOMIC_WORD_H
#define PIPELINE_ATOMIC_WORD_H

#include <stdbool.h>
#include <stdint.h>

/// An integer read and written by more than one thread with the compiler's atomic built-ins, for
/// Swift code that must build where the standard `Synchronization` module's `Atomic` is not
/// available (macOS before 15). Inline, so that a call is the instruction itself (`lock cmpxchg`,
/// a plain store on x86-64).

/// Sets `*word` to `desired` when it holds `expected`, and says whether it did. Acquires what the
/// thread that last stored `*word` with release wrote before it, and releases this thread's
/// earlier writes.
static inline bool pipeline_atomic_word_exchange_if(intptr_t *word, intptr_t expected, intptr_t desired) {
    return __atomic_compare_exchange_n(word, &expected, desired, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/// Stores `value` in `*word`, releasing this thread's earlier writes to the thread that next
/// acquires `*word`.
static inline void pipeline_atomic_word_store(intptr_t *word, intptr_t value) {
    __atomic_store_n(word, value, __ATOMIC_RELEASE);
}

/// `*word`, acquiring what the thread that stored it with release wrote before.
static inline intptr_t pipeline_atomic_word_load(intptr_t *word) {
    return __atomic_load_n(word, __ATOMIC_ACQUIRE);
}

#endif
