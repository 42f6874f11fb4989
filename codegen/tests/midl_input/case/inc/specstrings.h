// Included as `<SpecStrings.h>`.
typedef long SPECSTRINGS_MARK;
