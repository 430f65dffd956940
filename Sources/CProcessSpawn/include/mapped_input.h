#ifndef PIPELINE_MAPPED_INPUT_H
#define PIPELINE_MAPPED_INPUT_H

/// What happens when an input file that the runner reads through a memory mapping shrinks under
/// it (another program truncates it): touching a page past the file's new end raises SIGBUS,
/// which would stop the process with no word of why.
///
/// The first call installs a SIGBUS handler that writes `pipeline: error: input NAME shrank
/// while it was being read (it was truncated or replaced in place); the run stopped` to
/// standard error (async-signal-safe: write only), kills the children that stages started, and
/// lets SIGBUS take its default course. Every call records `name` (at most 1,023 bytes kept) as
/// the input the message names: the input mapped last.
void pipeline_mapped_input_guard(const char *name);

#endif
