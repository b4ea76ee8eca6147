import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { attachCapture, type Capture, type CaptureOptions } from '../../../src/capture/attachCapture.js';
import { createRecordingTracker, type RecordingTracker } from '../../support/recordingTracker.js';
import { input, installPageState, setFocused, setHidden } from './pageState.js';

const IDLE_MS = 10_000;
const HEARTBEAT_MS = 1_000;

let tracker: RecordingTracker;
let capture: Capture;

let pageAlive = { value: true };

/** One page load: its storage goes dead when the page "crashes", as a killed tab writes nothing. */
function attach(extra: CaptureOptions = {}): Capture {
  pageAlive.value = false;
  const alive = (pageAlive = { value: true });
  const storage = {
    getItem: (key: string) => localStorage.getItem(key),
    setItem: (key: string, value: string) => alive.value && localStorage.setItem(key, value),
    removeItem: (key: string) => alive.value && localStorage.removeItem(key),
    key: (index: number) => localStorage.key(index),
    get length() {
      return localStorage.length;
    },
  } as unknown as Storage;
  return attachCapture(tracker, {
    idleMs: IDLE_MS,
    heartbeatMs: HEARTBEAT_MS,
    storage,
    onError: (e) => {
      throw e;
    },
    ...extra,
  });
}

/** This tab's stored record (the tab id lives in sessionStorage). */
function ownRecord() {
  const raw = localStorage.getItem(`labeltrail:item-timer:${sessionStorage.getItem('labeltrail:tab')}`);
  return raw === null ? null : (JSON.parse(raw) as { buckets: Record<string, number>; item: string });
}
const countedOf = (record: { buckets: Record<string, number> } | null) =>
  record!.buckets['activeMs']! + record!.buckets['stalledMs']!;

/** Keeps the user busy for `ms`: one input every 500 ms. */
function active(ms: number): void {
  for (let t = 0; t < ms; t += 500) {
    input();
    vi.advanceTimersByTime(Math.min(500, ms - t));
  }
  input();
}

function duration(index = 0) {
  const event = tracker.ofType('item.duration')[index];
  expect(event).toBeDefined();
  return event!.payload as { durationMs: number; seconds: number; editingMs: number; touched: boolean; reason: string };
}

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
  sessionStorage.clear();
  installPageState();
  tracker = createRecordingTracker();
  capture = attach();
});
afterEach(() => {
  capture.dispose();
  vi.useRealTimers();
  expect(tracker.refused).toEqual([]);
});

describe('time in tool', () => {
  test('counts the time between open and close and emits item.opened and item.duration', () => {
    capture.openItem('img-1', { project: 'p1' });
    active(4_000);
    capture.closeItem();
    expect(tracker.ofType('item.opened')).toHaveLength(1);
    expect(tracker.ofType('item.opened')[0]!.context).toMatchObject({ item: 'img-1', project: 'p1' });
    const event = tracker.ofType('item.duration')[0]!;
    expect(event.context.item).toBe('img-1');
    expect(event.durationMs).toBe(4_000);
    expect(duration()).toMatchObject({ durationMs: 4_000, seconds: 4, editingMs: 0, touched: false, reason: 'closed' });
  });

  test('opening the next item closes the current one', () => {
    capture.openItem('a');
    active(2_000);
    capture.openItem('b');
    active(3_000);
    capture.closeItem();
    const events = tracker.ofType('item.duration');
    expect(events.map((e) => [e.context.item, e.durationMs, (e.payload as { reason: string }).reason])).toEqual([
      ['a', 2_000, 'next'],
      ['b', 3_000, 'closed'],
    ]);
  });

  test('an idle period pauses the timer, is not counted, and the next input resumes it', () => {
    capture.openItem('a');
    active(3_000);
    vi.advanceTimersByTime(25_000); // no input: idle after 10 s, the whole gap is taken back
    expect(capture.timeInTool()).toMatchObject({ idle: true, running: false });
    expect(capture.timeInTool().countedMs).toBe(3_000);
    active(2_000);
    capture.closeItem();
    expect(duration().durationMs).toBe(5_000);
  });

  test('a gap shorter than the idle period is counted as viewing time', () => {
    capture.openItem('a');
    input();
    vi.advanceTimersByTime(IDLE_MS - 1_000);
    input();
    capture.closeItem();
    expect(duration().durationMs).toBe(IDLE_MS - 1_000);
  });

  test('a drag that moves is not idle; a press held still for the idle period is (its release may never come)', () => {
    capture.openItem('a');
    input('pointerdown');
    active(3 * IDLE_MS); // pointermove while held
    expect(capture.timeInTool().idle).toBe(false);
    vi.advanceTimersByTime(IDLE_MS + 1_000); // still held, no movement
    expect(capture.timeInTool().idle).toBe(true);
    capture.closeItem();
    expect(duration().durationMs).toBe(3 * IDLE_MS);
  });

  test('8: a tap (touch, then the compatibility mouse events) leaves no pointer held: idle comes as usual', () => {
    capture.openItem('a');
    for (const type of ['pointerdown', 'touchstart', 'pointerup', 'touchend', 'mousedown', 'mouseup']) input(type);
    vi.advanceTimersByTime(IDLE_MS + 1_000);
    expect(capture.timeInTool().idle).toBe(true);
    capture.closeItem();
    expect(duration().durationMs).toBe(0);
  });

  test('8: a touch that is cancelled (touchcancel) ends the held pointer too', () => {
    capture.openItem('a');
    for (const type of ['touchstart', 'mousedown', 'touchcancel']) input(type);
    vi.advanceTimersByTime(IDLE_MS + 1_000);
    expect(capture.timeInTool().idle).toBe(true);
  });

  test('hidden tab and lost focus pause the timer', () => {
    capture.openItem('a');
    active(2_000);
    setHidden(true);
    vi.advanceTimersByTime(5_000);
    setHidden(false);
    active(1_000);
    setFocused(false);
    vi.advanceTimersByTime(4_000);
    expect(capture.timeInTool().running).toBe(false);
    setFocused(true);
    active(1_000);
    capture.closeItem();
    expect(duration().durationMs).toBe(4_000);
  });

  test('returning to the tab is activity: idle is judged from the return, not from before', () => {
    capture.openItem('a');
    active(1_000);
    setHidden(true);
    vi.advanceTimersByTime(IDLE_MS * 2);
    setHidden(false);
    vi.advanceTimersByTime(IDLE_MS / 2); // watching without input, still under the idle period
    capture.closeItem();
    expect(duration().durationMs).toBe(1_000 + IDLE_MS / 2);
  });

  test('records editing time apart from viewing time, and whether a label was touched', () => {
    capture.openItem('a');
    active(2_000);
    capture.label.begin();
    active(3_000);
    capture.label.add({ id: 'l1', feature: 'f', name: 'Car' });
    active(1_000);
    capture.closeItem();
    expect(duration()).toMatchObject({ durationMs: 6_000, editingMs: 3_000, touched: true });
  });

  test('a reload continues from the count persisted at pagehide', () => {
    capture.openItem('a', { project: 'p' });
    active(5_400);
    window.dispatchEvent(new Event('pagehide'));
    const tab = sessionStorage.getItem('labeltrail:tab');
    // A fresh page load of the same tab: the old page left nothing else behind.
    const eventsBefore = tracker.events.length;
    capture = attach();
    expect(sessionStorage.getItem('labeltrail:tab')).toBe(tab);
    capture.openItem('a', { project: 'p' });
    expect(tracker.events[eventsBefore]!.payload).toMatchObject({ resumed: true, resumedMs: 5_400 });
    active(2_000);
    capture.closeItem();
    expect(tracker.ofType('item.duration').at(-1)!.durationMs).toBe(7_400);
  });

  test('a reload after a crash (no pagehide) takes a new tab id; the count is recovered, less a heartbeat', () => {
    capture.openItem('a', { project: 'p' });
    active(5_400);
    // Crash: no pagehide, no close. The last heartbeat persisted at 5 000 ms.
    vi.advanceTimersByTime(0);
    const persisted = countedOf(ownRecord());
    expect(5_400 - persisted).toBeLessThanOrEqual(HEARTBEAT_MS);
    const crashedTab = sessionStorage.getItem('labeltrail:tab');
    const eventsBefore = tracker.events.length;
    // The reload cannot tell itself from a duplicate of a live page: it does not resume.
    capture = attach();
    expect(sessionStorage.getItem('labeltrail:tab')).not.toBe(crashedTab);
    capture.openItem('a', { project: 'p' });
    expect(tracker.events[eventsBefore]!.payload).toEqual({});
    vi.advanceTimersByTime(3 * HEARTBEAT_MS);
    const next = attach({ tabStorage: tabStorage() });
    const recovered = tracker.ofType('item.duration');
    expect(recovered.map((e) => [e.context.item, payloadOf(e)['reason'], e.durationMs])).toEqual([
      ['a', 'recovered', persisted],
    ]);
    next.dispose();
  });

  test('a reload that opens another item reports the interrupted one as recovered', () => {
    capture.openItem('a');
    active(3_000);
    window.dispatchEvent(new Event('pagehide'));
    expect(countedOf(ownRecord())).toBe(3_000);
    capture = attach();
    capture.openItem('b');
    const recovered = tracker.ofType('item.duration')[0]!;
    expect(recovered.context.item).toBe('a');
    expect(recovered.payload).toMatchObject({ durationMs: 3_000, recovered: true, reason: 'recovered' });
  });

  test('closing clears the persisted state so a later open starts from zero', () => {
    capture.openItem('a');
    active(1_000);
    capture.closeItem();
    expect(ownRecord()).toBeNull();
    capture.openItem('a');
    active(500);
    capture.closeItem();
    expect(tracker.ofType('item.duration').map((e) => e.durationMs)).toEqual([1_000, 500]);
  });

  test('dispose closes the open item and removes its listeners', () => {
    capture.openItem('a');
    active(1_000);
    capture.dispose();
    expect(duration()).toMatchObject({ durationMs: 1_000, reason: 'disposed' });
    input();
    vi.advanceTimersByTime(5_000);
    expect(tracker.ofType('item.duration')).toHaveLength(1);
  });
});

test('a reload after the resume window starts afresh and reports the old visit as recovered', () => {
  capture.openItem('a');
  active(2_000);
  window.dispatchEvent(new Event('pagehide'));
  vi.setSystemTime(Date.now() + 31 * 60_000);
  capture = attach();
  capture.openItem('a');
  active(1_000);
  capture.closeItem();
  const events = tracker.ofType('item.duration');
  expect(events.map((e) => [e.durationMs, (e.payload as { reason: string }).reason])).toEqual([
    [2_000, 'recovered'],
    [1_000, 'closed'],
  ]);
});

/** A sessionStorage of its own: another tab of the same origin (localStorage is shared). */
function tabStorage(): Storage {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  } as unknown as Storage;
}

const payloadOf = (event: { payload?: Record<string, unknown> }) => event.payload as Record<string, number | string>;

describe('every second accounted for', () => {
  test('the open time splits into disjoint buckets (active, hidden, blurred, idle) that sum to openMs', () => {
    capture.openItem('a');
    active(2_000);
    setHidden(true);
    vi.advanceTimersByTime(3_000);
    setHidden(false);
    active(1_000);
    setFocused(false);
    vi.advanceTimersByTime(4_000);
    setFocused(true);
    active(1_000);
    vi.advanceTimersByTime(IDLE_MS + 5_000); // the whole gap since the last input is idle
    active(1_000);
    capture.closeItem();
    const p = payloadOf(tracker.ofType('item.duration')[0]!);
    expect(p).toMatchObject({ activeMs: 5_000, stalledMs: 0, hiddenMs: 3_000, blurredMs: 4_000 });
    expect(p['idleMs']).toBe(IDLE_MS + 5_000);
    expect(p['durationMs']).toBe(5_000);
    expect(p['openMs']).toBe(5_000 + 3_000 + 4_000 + IDLE_MS + 5_000);
  });

  test('a tab hidden while idle counts the time as hidden (hidden wins over idle)', () => {
    capture.openItem('a');
    active(1_000);
    vi.advanceTimersByTime(IDLE_MS + 1_000);
    setHidden(true);
    vi.advanceTimersByTime(2_000);
    setHidden(false);
    active(1_000);
    capture.closeItem();
    expect(payloadOf(tracker.ofType('item.duration')[0]!)).toMatchObject({
      activeMs: 2_000,
      idleMs: IDLE_MS + 1_000,
      hiddenMs: 2_000,
      openMs: IDLE_MS + 5_000,
    });
  });
});

describe('tabs', () => {
  test('a second tab does not recover the record of a tab that is still alive', () => {
    capture.openItem('img-A');
    active(1_500);
    const tabB = attach({ tabStorage: tabStorage() });
    tabB.openItem('img-B');
    active(1_500);
    capture.closeItem();
    tabB.closeItem();
    tabB.dispose();
    const durations = tracker.ofType('item.duration');
    expect(durations.map((e) => [e.context.item, payloadOf(e)['reason']])).toEqual([
      ['img-A', 'closed'],
      ['img-B', 'closed'],
    ]);
  });

  test('a second tab on the same item starts its own count instead of resuming the first tab’s', () => {
    capture.openItem('img-A');
    active(2_000);
    const tabB = attach({ tabStorage: tabStorage() });
    tabB.openItem('img-A');
    expect(tracker.ofType('item.opened').at(-1)!.payload).toEqual({});
    tabB.closeItem();
    tabB.dispose();
    expect(tracker.ofType('item.duration').map((e) => payloadOf(e)['reason'])).toEqual(['closed']);
  });

  test('a crashed tab’s totals are recovered once, by the next page, when its heartbeat is stale', () => {
    capture.openItem('img-A', { project: 'p' });
    active(3_000);
    // The tab crashes: its storage goes dead (attach() below), nothing more is written.
    const next = attach({ tabStorage: tabStorage() });
    expect(tracker.ofType('item.duration')).toEqual([]); // its heartbeat is still fresh: it may be alive
    next.dispose();
    vi.advanceTimersByTime(3 * HEARTBEAT_MS);
    const third = attach({ tabStorage: tabStorage() });
    const fourth = attach({ tabStorage: tabStorage() });
    const recovered = tracker.ofType('item.duration');
    expect(recovered).toHaveLength(1);
    expect(recovered[0]!.context).toMatchObject({ item: 'img-A', project: 'p' });
    expect(payloadOf(recovered[0]!)).toMatchObject({ reason: 'recovered', recovered: true, activeMs: 3_000 });
    third.dispose();
    fourth.dispose();
    capture = attach();
  });

  test('a stored record of another version, or tampered with, is reported and ignored, never thrown', () => {
    const errors: unknown[] = [];
    localStorage.setItem('labeltrail:item-timer', JSON.stringify({ v: 1, item: 'old', countedMs: 5, savedAt: 1 }));
    capture.dispose();
    capture = attach({ onError: (e) => errors.push(e) });
    expect(localStorage.getItem('labeltrail:item-timer')).toBeNull();
    const own = `labeltrail:item-timer:${sessionStorage.getItem('labeltrail:tab')}`;
    for (const raw of ['{not json', JSON.stringify({ v: 2, tab: 'x', item: 'a', buckets: { activeMs: -1 } })]) {
      localStorage.setItem(own, raw);
      capture.openItem('a');
      active(500);
      capture.closeItem();
    }
    expect(errors.map((e) => (e as Error).name)).toEqual(['TimerRecordError', 'TimerRecordError', 'TimerRecordError']);
    expect((errors[1] as Error).message).toContain('not JSON');
    expect(tracker.ofType('item.opened').map((e) => e.payload)).toEqual([{}, {}]);
    expect(tracker.ofType('item.duration').map((e) => e.durationMs)).toEqual([500, 500]);
  });

  test('a version 2 record (no actor) is neither recovered nor resumed: removed once its tab is gone', () => {
    const errors: unknown[] = [];
    const v2 = (tab: string, savedAt: number) =>
      JSON.stringify({
        v: 2,
        tab,
        item: 'old',
        context: {},
        buckets: { hiddenMs: 0, blurredMs: 0, idleMs: 0, stalledMs: 0, activeMs: 4_000 },
        editingMs: 0,
        touched: false,
        savedAt,
      });
    capture.dispose();
    localStorage.setItem('labeltrail:item-timer:gone', v2('gone', Date.now() - 10 * HEARTBEAT_MS));
    localStorage.setItem('labeltrail:item-timer:alive', v2('alive', Date.now()));
    capture = attach({ onError: (e) => errors.push(e) });
    expect(localStorage.getItem('labeltrail:item-timer:gone')).toBeNull();
    expect(localStorage.getItem('labeltrail:item-timer:alive')).not.toBeNull(); // its tab may live
    // This tab's own, fresh, on the item it opens again (a reload just after the upgrade).
    const tab = sessionStorage.getItem('labeltrail:tab')!;
    localStorage.setItem(`labeltrail:item-timer:${tab}`, v2(tab, Date.now()));
    capture.openItem('old');
    expect(tracker.ofType('item.opened')[0]!.payload).toEqual({});
    expect(tracker.ofType('item.duration')).toEqual([]);
    expect(errors.map((e) => `${(e as Error).name}: ${(e as Error).message}`)).toEqual([
      'TimerRecordError: labeltrail ignored the stored timer record labeltrail:item-timer:gone:' +
        ' version 2 keeps no actor: its time is not recovered',
      `TimerRecordError: labeltrail ignored the stored timer record labeltrail:item-timer:${tab}:` +
        ' version 2 keeps no actor: its time is not recovered',
    ]);
    localStorage.removeItem('labeltrail:item-timer:alive');
  });

  test('a record keeps the actor; another tab’s whose actor is not an actor is reported and ignored', () => {
    const errors: unknown[] = [];
    const ann = attachCapture(tracker, { heartbeatMs: HEARTBEAT_MS, tabStorage: tabStorage() }, () => ({ id: 'ann' }));
    ann.openItem('a');
    vi.advanceTimersByTime(HEARTBEAT_MS);
    const key = [...Array(localStorage.length).keys()]
      .map((i) => localStorage.key(i)!)
      .find((k) => k.startsWith('labeltrail:item-timer:'))!;
    const record = JSON.parse(localStorage.getItem(key)!) as Record<string, unknown>;
    expect(record).toMatchObject({ v: 3, actor: { id: 'ann' }, item: 'a' });
    ann.dispose();
    const tampered = { ...record, tab: 'gone', savedAt: Date.now() - 10 * HEARTBEAT_MS, actor: { id: 7 } };
    localStorage.setItem('labeltrail:item-timer:gone', JSON.stringify(tampered));
    capture.dispose();
    capture = attach({ onError: (e) => errors.push(e) });
    expect(errors.map((e) => (e as Error).message)).toEqual([expect.stringContaining('actor is not an actor')]);
    expect(tracker.ofType('item.duration').map((e) => payloadOf(e)['reason'])).toEqual(['disposed']);
    localStorage.removeItem('labeltrail:item-timer:gone');
  });

  test('capture storage options are checked: a TrailConfigError names the option', () => {
    expect(() => attach({ tabStorage: 'session' as unknown as Storage })).toThrow(/capture\.tabStorage/);
    expect(() => attach({ storage: {} as Storage })).toThrow(/capture\.storage/);
  });
});

describe('label time follows the same rules', () => {
  test('a draft pauses while the window is blurred and while the user is idle', () => {
    capture.openItem('a');
    capture.label.begin();
    active(1_000);
    setFocused(false);
    vi.advanceTimersByTime(2_000);
    setFocused(true);
    active(1_000);
    vi.advanceTimersByTime(IDLE_MS + 3_000);
    active(1_000);
    const added = capture.label.add({ id: 'l1' });
    expect(added?.durationMs).toBe(3_000);
  });
});
