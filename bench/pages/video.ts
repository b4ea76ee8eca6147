// Plays the test clip through Media Source Extensions, all segments appended up front, so a
// watched <video> runs its listeners and heartbeat for the whole measurement.
const SEGMENTS = 8;

export async function playClip(video: HTMLVideoElement): Promise<void> {
  const source = new MediaSource();
  video.src = URL.createObjectURL(source);
  await new Promise((r) => source.addEventListener('sourceopen', r, { once: true }));
  const buffer = source.addSourceBuffer('video/mp4; codecs="avc1.42C00C"');
  const append = async (name: string) => {
    buffer.appendBuffer(await (await fetch(`/capture-video/${name}`)).arrayBuffer());
    await new Promise((r) => buffer.addEventListener('updateend', r, { once: true }));
  };
  await append('init.mp4');
  for (let i = 0; i < SEGMENTS; i++) await append(`seg${i}.m4s`);
  video.loop = true;
  await video.play();
}
