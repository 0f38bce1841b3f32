// Preloaded into a doctor child process (node --import): prints the process's peak memory on exit,
// so a test can bound what a hostile answer costs.
process.on('exit', () => {
  process.stderr.write(`peak-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
