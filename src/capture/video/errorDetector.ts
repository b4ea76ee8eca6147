import type { VideoEmit } from './emitter.js';
import type { Playhead } from './playhead.js';

/** What hls.js passes with an error event (the fields read here). */
export interface HlsErrorData {
  readonly type?: string;
  readonly details?: string;
  readonly fatal?: boolean;
}

// A message quotes the browser's or the engine's text; bounded so the event stays small.
const MAX_MESSAGE = 200;
const idText = (text: unknown) => (typeof text === 'string' && text ? text.slice(0, 128) : undefined);

/**
 * Playback failures as `video.error`: the element's `MediaError` (its code 1–4; always fatal,
 * the element stops) and hls.js errors (type, details, fatal). `startup` says whether it
 * came before the first frame played (Mux keeps startup failures apart).
 */
export function errorDetector(video: HTMLMediaElement, ph: Playhead, emit: VideoEmit, counted: () => void) {
  const report = (payload: Record<string, unknown>) => {
    counted();
    emit('video.error', ph.frame, { ...payload, startup: !ph.hasPlayed });
  };
  return {
    media(): void {
      const error = video.error;
      const message = error?.message ? { message: error.message.slice(0, MAX_MESSAGE) } : {};
      report({ source: 'media', fatal: true, ...(error ? { code: error.code } : {}), ...message });
    },
    hls(data: HlsErrorData): void {
      const type = idText(data?.type);
      const details = idText(data?.details);
      report({
        source: 'hls',
        fatal: data?.fatal === true,
        ...(type ? { type } : {}),
        ...(details ? { details } : {}),
      });
    },
  };
}
