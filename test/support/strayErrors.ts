// Preloaded into the standalone collector by the fuzz suite (`node --import`): one uncaught
// exception and one unhandled rejection from outside any request, as a library's stray timer
// would raise, to show the CLI's process-level guard logs them and keeps serving.
setTimeout(() => {
  throw new Error('stray exception from a timer');
}, 1500).unref();
setTimeout(() => {
  void Promise.reject(new Error('stray rejection from a timer'));
}, 1600).unref();
