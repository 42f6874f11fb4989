// Included as `"SUB/Deeper.H"`: every component of the name is matched ignoring case.
typedef long DEEPER_MARK;
