// The hints are inline functions in include/CCacheHints.h; this file gives the target a source.
