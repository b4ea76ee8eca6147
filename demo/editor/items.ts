/** One item of the demo task list. */
export type DemoItem =
  | { readonly id: string; readonly kind: 'image'; readonly title: string; readonly src: string }
  | { readonly id: string; readonly kind: 'video'; readonly title: string };

/** The items QA can switch between: the fixture photo, a drawn street scene and the fixture video. */
export const ITEMS: readonly DemoItem[] = [
  { id: 'img-photo', kind: 'image', title: 'Photo', src: '/media/photo.png' },
  { id: 'img-street', kind: 'image', title: 'Street (SVG)', src: '/shapes.svg' },
  { id: 'vid-clip', kind: 'video', title: 'Video clip' },
];

/** The label classes of the demo ontology: feature id, name and drawing colour. */
export const CLASSES = [
  { feature: 'f-car', name: 'Car', color: '#d35400' },
  { feature: 'f-person', name: 'Person', color: '#2471a3' },
  { feature: 'f-sign', name: 'Sign', color: '#7d3c98' },
] as const;

export type LabelClass = (typeof CLASSES)[number];

export function classOf(feature: string | undefined): LabelClass {
  return CLASSES.find((c) => c.feature === feature) ?? CLASSES[0];
}
