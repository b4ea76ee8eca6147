/** Named defaults of the capture layer; each can be overridden through `CaptureOptions`. */

/** No input for a minute means the annotator stepped away; shorter pauses are reading or thinking. */
export const DEFAULT_IDLE_MS = 60_000;

/** A crash loses at most this much counted time; a localStorage write every 5 s costs nothing measurable. */
export const DEFAULT_HEARTBEAT_MS = 5_000;

/** localStorage key of the open item's running totals (one small JSON value per origin). */
export const DEFAULT_STORAGE_KEY = 'labeltrail:item-timer';

/** A reload later than this is a new visit, not a continuation of the interrupted one. */
export const DEFAULT_RESUME_WINDOW_MS = 30 * 60_000;

/** Most annotation video is 25 or 30 fps; 30 keeps frame numbers in range when the caller gives none. */
export const DEFAULT_FPS = 30;

/** Playhead polling period: fine enough for ±100 ms stall edges, cheap enough to run all the time. */
export const DEFAULT_VIDEO_POLL_MS = 100;

/** A playhead still for this long while playing is buffering; shorter gaps are frame jitter. */
export const DEFAULT_BUFFERING_MIN_MS = 500;

/** Seeks starting this soon after the previous one settled are one scrub, reported once. */
export const DEFAULT_SEEK_MERGE_MS = 750;

/** Below-floor bitrate must last this long before it is a warning, so a brief dip is not one. */
export const DEFAULT_BITRATE_FLOOR_MS = 5_000;

/** Dropped frames are judged over this window so one hiccup does not trip the threshold. */
export const DEFAULT_DROPPED_WINDOW_MS = 5_000;

/** More than 10 % of frames dropped is visibly choppy playback. */
export const DEFAULT_DROPPED_RATIO = 0.1;

/** Fewer frames than this in a window is too little to judge a ratio on. */
export const DEFAULT_DROPPED_MIN_FRAMES = 25;

/** DOM adapter event prefix: namespaced so it cannot collide with an editor's own event names. */
export const DEFAULT_DOM_PREFIX = 'labeltrail:';

/** Annotorious tools drawn click by click; drag tools (rectangle, ellipse) are one gesture per shape. */
export const DEFAULT_MULTI_CLICK_TOOLS: readonly string[] = ['polygon', 'polyline', 'path'];

/**
 * Playback the user started counts as their attention for at most this many `idleMs` after
 * their last input: a looping or autoplaying video left alone goes idle, a clip watched through
 * rarely runs that long without a touch.
 */
export const WATCHED_PLAYBACK_IDLE_FACTOR = 3;

/** A `play` this soon after input (or an action) was asked for by it: a click on play fires `play` within a task. */
export const USER_PLAY_WINDOW_MS = 1_000;

/**
 * A change this soon after the user's input (a key, a press, the release of a drawing) is
 * theirs: a host's handler that adds, edits or removes an object runs within a task of the
 * input, or after a short request; a script's change a second later was not asked for by it.
 */
export const DEFAULT_FABRIC_WINDOW_MS = 1_000;

/**
 * How long after a pointer or key event a Label Studio store change is still the user's doing.
 * Label Studio applies a drag, a click on a label or a key press within the same task or the
 * next frame; its own rewrites (an image loading, the stage resizing) come with no input.
 */
export const LABEL_STUDIO_INPUT_WINDOW_MS = 250;
