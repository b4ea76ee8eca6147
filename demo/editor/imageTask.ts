import { createImageAnnotator, type ImageAnnotation } from '@annotorious/annotorious';
import '@annotorious/annotorious/annotorious.css';
import type { Trail } from '../../src/index.js';
import { connectAnnotorious, type AnnotoriousAnnotation } from '../../src/capture/annotorious.js';
import { el } from '../lib/el.js';
import { CLASSES, classOf, type LabelClass } from './items.js';

/** What an image item keeps while QA switches to other items and back. */
export interface ImageItemState {
  annotations: ImageAnnotation[];
  /** The class of each box, by annotation id; the classifying body says the same. */
  readonly classes: Map<string, string>;
  readonly reviews: Map<string, 'approved' | 'rejected'>;
}

export function emptyImageState(): ImageItemState {
  return { annotations: [], classes: new Map(), reviews: new Map() };
}

/**
 * An image labeling task: the real Annotorious annotator (draw, move, resize, delete with
 * the Delete key), a class picker for new boxes, and a list of boxes where each can be
 * relabelled, deleted, approved or rejected. Returns a function that unmounts it.
 */
export async function mountImageTask(
  container: HTMLElement,
  trail: Trail,
  src: string,
  state: ImageItemState,
): Promise<() => void> {
  let current: LabelClass = CLASSES[0];
  const picker = el('div', { class: 'picker', role: 'radiogroup', 'aria-label': 'Class for new boxes' });
  for (const c of CLASSES) {
    const button = el('button', { type: 'button', 'data-class': c.feature, style: `--swatch:${c.color}` }, c.name);
    button.addEventListener('click', () => {
      current = c;
      picker.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
    });
    button.setAttribute('aria-pressed', String(c === current));
    picker.append(button);
  }
  const image = el('img', { src, alt: 'Item to label', class: 'task-image', draggable: 'false' });
  const list = el('table', { class: 'boxes' });
  container.append(
    el(
      'p',
      { class: 'hint' },
      'Drag on the image to draw a box of the chosen class. Click a box to move or resize it; Delete ' +
        'removes the selected box.',
    ),
    picker,
    el('div', { class: 'stage' }, image),
    el('h3', { text: 'Boxes' }),
    list,
  );
  if (!image.complete) await new Promise((r) => image.addEventListener('load', r, { once: true }));

  const featureOf = (a: AnnotoriousAnnotation): string => {
    const body = a.bodies?.find((b) => b.purpose === 'classifying')?.value;
    if (body) return body;
    // A box just drawn has no body yet: it takes the picker's class.
    if (!state.classes.has(a.id)) state.classes.set(a.id, current.feature);
    return state.classes.get(a.id)!;
  };
  const labelOf = (a: AnnotoriousAnnotation) => {
    const c = classOf(featureOf(a));
    return { id: a.id, feature: c.feature, name: c.name };
  };

  const anno = createImageAnnotator(image, {
    drawingEnabled: true,
    style: (a: ImageAnnotation) => {
      const color = classOf(featureOf(a)).color;
      return { fill: color, fillOpacity: 0.18, stroke: color, strokeWidth: 2 };
    },
  });
  anno.setAnnotations(state.annotations);
  const disconnect = connectAnnotorious(trail, anno, {
    describe: (a) => {
      const { feature, name } = labelOf(a);
      return { feature, name };
    },
  });

  const render = () => {
    state.annotations = anno.getAnnotations();
    list.replaceChildren(
      el('tr', {}, el('th', { text: 'Box' }), el('th', { text: 'Class' }), el('th', { text: 'Review' }), el('th')),
    );
    state.annotations.forEach((a, n) => {
      const label = labelOf(a);
      const select = el('select', { 'aria-label': `Class of box ${n + 1}` });
      for (const c of CLASSES)
        select.append(el('option', { value: c.feature, selected: c.feature === label.feature }, c.name));
      select.addEventListener('change', () => {
        state.classes.set(a.id, select.value);
        // A body change is what Annotorious reports as an update: the adapter logs label.edited.
        anno.updateAnnotation({
          ...a,
          bodies: [{ id: `${a.id}-class`, annotation: a.id, purpose: 'classifying', value: select.value }],
        });
      });
      const review = state.reviews.get(a.id);
      const decide = (decision: 'approved' | 'rejected') => {
        if (decision === 'approved') trail.review.approve({ label: labelOf(a) });
        else trail.review.reject({ label: labelOf(a) });
        state.reviews.set(a.id, decision);
        render();
      };
      const button = (text: string, action: () => void, cls = '') => {
        const b = el('button', { type: 'button', class: cls }, text);
        b.addEventListener('click', action);
        return b;
      };
      list.append(
        el(
          'tr',
          { 'data-id': a.id },
          el('td', {}, el('span', { class: 'swatch', style: `--swatch:${classOf(label.feature).color}` }), `#${n + 1}`),
          el('td', {}, select),
          el(
            'td',
            {},
            review ? el('span', { class: `badge ${review}` }, review) : el('span', { class: 'muted', text: 'pending' }),
          ),
          el(
            'td',
            { class: 'actions' },
            button('Approve', () => decide('approved'), 'approve'),
            button('Reject', () => decide('rejected'), 'reject'),
            button('Delete', () => anno.removeAnnotation(a.id), 'delete'),
          ),
        ),
      );
    });
    if (state.annotations.length === 0)
      list.append(el('tr', {}, el('td', { colspan: 4, class: 'muted', text: 'No boxes yet.' })));
  };
  for (const name of ['createAnnotation', 'updateAnnotation', 'deleteAnnotation'] as const)
    anno.on(name, () => queueMicrotask(render));
  render();

  // Annotorious leaves deleting to the host editor.
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Delete' && event.key !== 'Backspace') return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    for (const selected of anno.getSelected()) anno.removeAnnotation(selected.id);
  };
  window.addEventListener('keydown', onKey);
  return () => {
    state.annotations = anno.getAnnotations();
    window.removeEventListener('keydown', onKey);
    disconnect();
    anno.destroy();
  };
}
