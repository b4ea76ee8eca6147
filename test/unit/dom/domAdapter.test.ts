// labeltrail/dom driven as a person would: buttons found by role and name, clicked and typed
// at with user-event; the editor's own DOM events become trail events.
import { getByRole, getByLabelText } from '@testing-library/dom';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { attachCapture, type Capture } from '../../../src/capture/attachCapture.js';
import { connectDomEvents } from '../../../src/capture/domEvents.js';
import { createRecordingTracker, type RecordingTracker } from '../../support/recordingTracker.js';

let tracker: RecordingTracker;
let capture: Capture;
let editor: HTMLElement;

/** A tiny editor: its controls dispatch labeltrail:* events, as an integration would. */
function renderEditor(): HTMLElement {
  const root = document.createElement('section');
  root.innerHTML = `
    <label>Label name <input name="label" /></label>
    <button type="button">Open image 3</button>
    <button type="button">Add label</button>
    <button type="button">Approve</button>
    <button type="button">Submit task</button>`;
  const send = (name: string, detail?: unknown) =>
    root.dispatchEvent(new CustomEvent(`labeltrail:${name}`, { detail, bubbles: true }));
  const input = root.querySelector('input')!;
  const [open, add, approve, submit] = root.querySelectorAll('button');
  open!.addEventListener('click', () => send('item.open', { item: 'img-3' }));
  add!.addEventListener('click', () => send('label.add', { id: 'box-1', name: input.value }));
  approve!.addEventListener('click', () => send('review.approve', { label: { id: 'box-1' } }));
  submit!.addEventListener('click', () => send('task.submit', { task: 't-1' }));
  document.body.append(root);
  return root;
}

beforeEach(() => {
  tracker = createRecordingTracker();
  capture = attachCapture(tracker, {
    storage: null,
    onError: (e) => {
      throw e;
    },
  });
  editor = renderEditor();
});
afterEach(() => {
  capture.dispose();
  editor.remove();
  expect(tracker.refused).toEqual([]);
});

test('clicking through the editor emits the matching events, with what was typed', async () => {
  const user = userEvent.setup();
  const disconnect = connectDomEvents(capture, editor);
  await user.click(getByRole(editor, 'button', { name: 'Open image 3' }));
  await user.type(getByLabelText(editor, 'Label name'), 'Car');
  await user.click(getByRole(editor, 'button', { name: 'Add label' }));
  await user.click(getByRole(editor, 'button', { name: 'Approve' }));
  await user.click(getByRole(editor, 'button', { name: 'Submit task' }));
  expect(tracker.events.map((e) => e.type)).toEqual(['item.opened', 'label.added', 'label.approved', 'task.submitted']);
  expect(tracker.ofType('label.added')[0]).toMatchObject({ context: { item: 'img-3' }, label: { name: 'Car' } });
  disconnect();
  await user.click(getByRole(editor, 'button', { name: 'Add label' }));
  expect(tracker.ofType('label.added')).toHaveLength(1);
});

test('typing and clicking count as activity for the time-in-tool timer', async () => {
  const user = userEvent.setup();
  connectDomEvents(capture, editor);
  await user.click(getByRole(editor, 'button', { name: 'Open image 3' }));
  await user.type(getByLabelText(editor, 'Label name'), 'Bus');
  expect(capture.timeInTool()).toMatchObject({ item: 'img-3', idle: false, running: true });
});
