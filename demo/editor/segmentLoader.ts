/** How the fixture clip is cut: 1 s fMP4 segments of H.264 baseline. */
export interface SegmentedSource {
  readonly base: string;
  readonly segments: number;
  readonly segmentSeconds: number;
  readonly mime: string;
}

/**
 * Fetch the next segment only when the playhead is this close to it: little read-ahead, so
 * a segment the server holds back empties the buffer and the player really stalls.
 */
export const LOOKAHEAD_S = 0.5;
/** How often the loader checks the playhead besides timeupdate (which fires only ~4 times a second). */
const POLL_MS = 100;

/**
 * Plays a segmented clip through Media Source Extensions, fetching segments just in time
 * (and the one a seek lands in). Returns a function that stops it.
 */
export async function loadSegments(video: HTMLVideoElement, source: SegmentedSource): Promise<() => void> {
  const media = new MediaSource();
  video.src = URL.createObjectURL(media);
  await new Promise((r) => media.addEventListener('sourceopen', r, { once: true }));
  const buffer = media.addSourceBuffer(source.mime);
  const append = async (name: string) => {
    const data = await (await fetch(`${source.base}${name}`)).arrayBuffer();
    if (stopped) return;
    buffer.appendBuffer(data);
    await new Promise((r) => buffer.addEventListener('updateend', r, { once: true }));
  };
  let stopped = false;
  await append('init.mp4');
  media.duration = source.segments * source.segmentSeconds;

  const appended = new Set<number>();
  const nextNeeded = (): number | undefined => {
    const t = video.currentTime;
    for (let i = Math.floor(t / source.segmentSeconds); i < source.segments; i++) {
      if (!appended.has(i)) return i * source.segmentSeconds - t < LOOKAHEAD_S ? i : undefined;
    }
    return undefined;
  };
  let busy = false;
  const pump = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      for (let i = nextNeeded(); i !== undefined && !stopped; i = nextNeeded()) {
        appended.add(i);
        await append(`seg${i}.m4s`);
      }
      // Ending the stream with gaps would fix its duration at the first gap.
      if (appended.size === source.segments && media.readyState === 'open' && !buffer.updating) media.endOfStream();
    } catch (error) {
      console.warn('demo video loader:', error);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void pump(), POLL_MS);
  video.addEventListener('seeking', pump);
  void pump();
  return () => {
    stopped = true;
    clearInterval(timer);
    video.removeEventListener('seeking', pump);
  };
}
