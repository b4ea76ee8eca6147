// The demo's Label Studio project: an image config with rectangles and labels, a choice and a
// text area, and two tasks. What the host "server" keeps (submitted annotations) lives in
// sessionStorage, so the reviewer page sees what the annotator page submitted.

export const LS_CONFIG = `<View>
  <Image name="image" value="$image" width="100%" maxWidth="640px"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Car"/><Label value="Person"/>
  </RectangleLabels>
  <Choices name="quality" toName="image"><Choice value="Good"/><Choice value="Blurry"/></Choices>
  <TextArea name="note" toName="image" placeholder="Note for the reviewer"/>
</View>`;

/** A saved result: one Car box, as Label Studio serializes it. */
const SAVED_BOX = {
  id: 'saved-car',
  from_name: 'label',
  to_name: 'image',
  type: 'rectanglelabels',
  original_width: 400,
  original_height: 300,
  value: { x: 55, y: 40, width: 25, height: 30, rotation: 0, rectanglelabels: ['Car'] },
};

export interface DemoAnnotation {
  readonly id: string;
  readonly result: unknown[];
  /** What labeltrail counted for the task when it was submitted, and Label Studio's lead time. */
  readonly countedMs?: number;
  readonly leadTimeMs?: number;
  readonly createdBy?: string;
}

export interface LsTask {
  /** Label Studio 1.4 takes numeric task ids only. */
  readonly id: number;
  readonly title: string;
  readonly image: string;
}

export const LS_TASKS: readonly LsTask[] = [
  { id: 101, title: 'Task 101 (photo)', image: '/media/photo.png' },
  { id: 102, title: 'Task 102 (street, a saved box)', image: '/shapes.svg' },
];

const key = (task: number) => `labeltrail-demo:ls:${task}`;

/** The task's submitted annotation; task 102 starts with a saved box to show that loading one is no edit. */
export function savedAnnotation(task: number): DemoAnnotation | undefined {
  const stored = sessionStorage.getItem(key(task));
  if (stored) return JSON.parse(stored) as DemoAnnotation;
  return task === 102 ? { id: 'ann-102', result: [SAVED_BOX], createdBy: 'ann-1' } : undefined;
}

export function saveAnnotation(task: number, annotation: DemoAnnotation): void {
  sessionStorage.setItem(key(task), JSON.stringify(annotation));
}
