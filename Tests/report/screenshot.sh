#!/usr/bin/env bash
# Renders a report's index.html in headless Chromium to a PNG and checks it is not blank (some
# thousands of distinct non-white pixels). Skips, with a message, where Chromium is not installed.
# Usage: Tests/report/screenshot.sh REPORT_DIR [OUT.png]
set -euo pipefail
report=${1:?usage: screenshot.sh REPORT_DIR [OUT.png]}
out=${2:-$report/screenshot.png}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "screenshot: SKIPPED: no Chromium on this machine (apt-get install chromium to run it)"
  exit 0
fi
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2400 \
  --screenshot="$out" "file://$(cd "$report" && pwd)/index.html" >/dev/null 2>&1
python3 - "$out" <<'PY'
import sys, zlib, struct
# Decode the PNG with the standard library: count pixels that are not white.
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, chunks, width, height, colour = 8, [], 0, 0, 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        chunks.append(body)
    pos += 12 + length
raw = zlib.decompress(b"".join(chunks))
channels = {2: 3, 6: 4}[colour]
stride = width * channels + 1
previous = bytearray(stride - 1)
non_white = 0
for y in range(height):
    line = raw[y * stride:(y + 1) * stride]
    kind, row = line[0], bytearray(line[1:])
    for i in range(len(row)):
        left = row[i - channels] if i >= channels else 0
        up = previous[i]
        upleft = previous[i - channels] if i >= channels else 0
        if kind == 1: row[i] = (row[i] + left) & 255
        elif kind == 2: row[i] = (row[i] + up) & 255
        elif kind == 3: row[i] = (row[i] + (left + up) // 2) & 255
        elif kind == 4:
            p = left + up - upleft
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
            row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else upleft)) & 255
    for x in range(0, len(row), channels * 4):
        if row[x] < 240 or row[x + 1] < 240 or row[x + 2] < 240:
            non_white += 1
    previous = row
print(f"screenshot: {width}x{height}, {non_white} sampled non-white pixels")
sys.exit(0 if non_white > 5000 else 1)
PY
echo "screenshot: ok ($out)"
