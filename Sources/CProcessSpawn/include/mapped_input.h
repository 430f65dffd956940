#ifndef PIPELINE_MAPPED_INPUT_H
#define PIPELINE_MAPPED_INPUT_H

#include <stddef.h>

/// What happens when an input file that the runner reads through a memory mapping cannot give a
/// mapped page any more (another program truncated the file under it, or the device failed):
/// touching the page raises SIGBUS, which would stop the process with no word of why.
///
/// Each open mapping is registered with its address range and its input's name, in a fixed table
/// that the SIGBUS handler reads without locks (registration is serialised by a mutex). A
/// registration installs the handler when SIGBUS has another, which it keeps, so that a SIGBUS
/// that is not a mapping's goes on to it (a program that embeds the runner keeps its own). When
/// the kernel raises SIGBUS for an address inside a registered mapping, the handler writes
/// `pipeline: error: input NAME could not be read through its memory mapping (it was truncated or
/// replaced while the run read it, or its device failed); the run stopped` to standard error,
/// naming the input that mapping holds (async-signal-safe: write only), kills the children that
/// stages started, and lets SIGBUS take its default course (the process ends). Any other SIGBUS
/// (an address outside the mappings, or one sent by another program) is blamed on no input and
/// takes the course it had before: the previous handler, or the default.

/// How many mappings can be registered at once.
#define PIPELINE_MAPPED_INPUT_SLOTS 64

/// Registers the mapping of input `name` (at most 1,023 bytes kept) at `start`, `length` bytes
/// long. Returns its slot, or -1 when every slot holds an open mapping (the caller then reads the
/// file instead of mapping it).
int pipeline_mapped_input_opened(const char *name, const void *start, size_t length);

/// Forgets the mapping in `slot` (from `pipeline_mapped_input_opened`); call it before unmapping.
void pipeline_mapped_input_closed(int slot);

#endif
