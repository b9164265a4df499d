// Loaded with `node --import` into every process the benchmark starts: when the bench process
// goes away without stopping its children (e.g. it was SIGKILLed), the child's parent id
// changes, and the child terminates itself instead of lingering on the machine.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) {
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.exit(1), 3_000).unref();
  }
}, 1_000).unref();
