/// Shared text machinery: sentence and word segmentation, normalization and UTF-8 scanning.
public enum TextKit {}
