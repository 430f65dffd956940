#ifndef PIPELINE_MAPPED_INPUT_H
#define PIPELINE_MAPPED_INPUT_H

/// What happens when an input file that the runner reads through a memory mapping cannot give a
/// mapped page any more (another program truncated the file under it, or the device failed):
/// touching the page raises SIGBUS, which would stop the process with no word of why.
///
/// The first `pipeline_mapped_input_opened` installs a SIGBUS handler. While a mapping is open it
/// writes `pipeline: error: input NAME could not be read through its memory mapping (it was
/// truncated or replaced while the run read it, or its device failed); the run stopped` to
/// standard error (async-signal-safe: write only), kills the children that stages started, and
/// lets SIGBUS take its default course; with none open, SIGBUS takes its default course at once.

/// Counts a mapping of input `name` as open and makes `name` (at most 1,023 bytes kept) the
/// input the message names: the input mapped last.
void pipeline_mapped_input_opened(const char *name);

/// Counts a mapping as closed.
void pipeline_mapped_input_closed(void);

#endif
