import type { Trail } from '../../src/index.js';
import { watchVideo } from '../../src/capture/watchVideo.js';
import { el } from '../lib/el.js';
import { loadSegments } from './segmentLoader.js';

/** The fixture clip's frame rate; frame numbers in the log are counted at it. */
export const VIDEO_FPS = 25;
const SEGMENTS = 8;
const FRAMES = SEGMENTS * VIDEO_FPS;

/**
 * A video task: a player with play/pause, frame step buttons, a seek bar and a frame
 * counter, watched by `watchVideo` from `labeltrail/video` (startup, buffering, seeking, bitrate warnings).
 * Returns a function that unmounts it.
 */
export async function mountVideoTask(container: HTMLElement, trail: Trail, item: string): Promise<() => void> {
  const video = el('video', { muted: true, playsinline: true, class: 'task-video', width: 640, height: 360 });
  video.muted = true;
  const play = el('button', { type: 'button', 'data-action': 'play' }, 'Play');
  const back = el('button', { type: 'button', 'data-action': 'frame-back', title: 'Previous frame' }, '◀ frame');
  const forward = el('button', { type: 'button', 'data-action': 'frame-forward', title: 'Next frame' }, 'frame ▶');
  const bar = el('input', {
    type: 'range',
    min: 0,
    max: FRAMES - 1,
    value: 0,
    step: 1,
    'aria-label': 'Seek bar (frames)',
    class: 'seekbar',
  });
  const counter = el('output', { class: 'frame-counter', 'aria-live': 'off' }, `frame 0 / ${FRAMES - 1}`);
  const state = el('span', { class: 'muted video-state' });
  container.append(
    el(
      'p',
      { class: 'hint' },
      'Play, step frame by frame or drag the seek bar. Turn on "slow video" in the inspector to make the ' +
        'player run dry and buffer.',
    ),
    el('div', { class: 'stage' }, video),
    el('div', { class: 'player' }, play, back, forward, bar, counter, state),
  );

  const stopWatching = watchVideo(trail, video, { fps: VIDEO_FPS, item });
  const stopLoading = await loadSegments(video, {
    base: '/media/video/',
    segments: SEGMENTS,
    segmentSeconds: 1,
    mime: 'video/mp4; codecs="avc1.42C00C"',
  });

  const frameNow = () => Math.min(FRAMES - 1, Math.floor(video.currentTime * VIDEO_FPS + 1e-3));
  // Seek to the middle of the wanted frame's display interval, so rounding never shows its neighbour.
  const seekToFrame = (frame: number) => {
    video.currentTime = (Math.max(0, Math.min(FRAMES - 1, frame)) + 0.5) / VIDEO_FPS;
  };
  play.addEventListener('click', () => (video.paused ? void video.play() : video.pause()));
  back.addEventListener('click', () => {
    video.pause();
    seekToFrame(frameNow() - 1);
  });
  forward.addEventListener('click', () => {
    video.pause();
    seekToFrame(frameNow() + 1);
  });
  bar.addEventListener('change', () => seekToFrame(Number(bar.value)));

  let raf = 0;
  const tick = () => {
    const frame = frameNow();
    counter.textContent = `frame ${frame} / ${FRAMES - 1}`;
    if (document.activeElement !== bar) bar.value = String(frame);
    play.textContent = video.paused ? 'Play' : 'Pause';
    state.textContent = video.seeking ? 'seeking…' : video.readyState < 3 && !video.paused ? 'buffering…' : '';
    raf = requestAnimationFrame(tick);
  };
  tick();
  return () => {
    cancelAnimationFrame(raf);
    video.pause();
    stopWatching();
    stopLoading();
    video.removeAttribute('src');
    video.load();
  };
}
