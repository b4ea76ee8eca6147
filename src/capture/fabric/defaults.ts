/**
 * A change this soon after the user's input (a key, a press, the release of a drawing) is
 * theirs: a host's handler that adds, edits or removes an object runs within a task of the
 * input, or after a short request; a script's change a second later was not asked for by it.
 */
export const DEFAULT_FABRIC_WINDOW_MS = 1_000;
