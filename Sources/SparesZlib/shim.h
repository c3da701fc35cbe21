// zlib (Debian zlib1g-dev), for inflating the parts of workbooks read as scenario tables.
#include <zlib.h>
