#!/bin/sh
# Regenerates test/fixtures/video: an 8 s, 25 fps, 320x180 H.264 clip with the frame number
# burned in, cut into 1 s fragmented-MP4 segments with an HLS playlist (init.mp4 + seg*.m4s).
# One keyframe per second so every segment starts independently.
set -eu
out="$(dirname "$0")/../test/fixtures/video"
rm -rf "$out" && mkdir -p "$out"
font=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf
ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=320x180:rate=25:duration=8 \
  -vf "drawtext=fontfile=$font:text='%{frame_num}':start_number=0:x=10:y=10:fontsize=48:fontcolor=white:box=1:boxcolor=black" \
  -c:v libx264 -profile:v baseline -pix_fmt yuv420p -preset veryfast -crf 36 \
  -g 25 -keyint_min 25 -sc_threshold 0 -an \
  -f hls -hls_time 1 -hls_playlist_type vod -hls_segment_type fmp4 \
  -hls_fmp4_init_filename init.mp4 -hls_segment_filename "$out/seg%d.m4s" "$out/index.m3u8"

# A lower rendition of the same clip (160x90) and a master playlist declaring both, so an
# adaptive player (hls.js) can be made to switch down.
mkdir -p "$out/low"
ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=160x90:rate=25:duration=8 \
  -vf "drawtext=fontfile=$font:text='%{frame_num}':start_number=0:x=4:y=4:fontsize=24:fontcolor=white:box=1:boxcolor=black" \
  -c:v libx264 -profile:v baseline -pix_fmt yuv420p -preset veryfast -crf 40 \
  -g 25 -keyint_min 25 -sc_threshold 0 -an \
  -f hls -hls_time 1 -hls_playlist_type vod -hls_segment_type fmp4 \
  -hls_fmp4_init_filename init.mp4 -hls_segment_filename "$out/low/seg%d.m4s" "$out/low/index.m3u8"
cat > "$out/master.m3u8" <<'M3U8'
#EXTM3U
#EXT-X-VERSION:7
#EXT-X-STREAM-INF:BANDWIDTH=80000,RESOLUTION=160x90,CODECS="avc1.42c00b"
low/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=240000,RESOLUTION=320x180,CODECS="avc1.42c00c"
index.m3u8
M3U8
