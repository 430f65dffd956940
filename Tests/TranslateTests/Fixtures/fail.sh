# Writes a warning and an error to stderr, then fails with status 3.
echo "warning: model not loaded" >&2
echo "error: cannot translate into $1" >&2
exit 3
