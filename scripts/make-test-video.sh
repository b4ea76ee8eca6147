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
