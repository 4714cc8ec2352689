// Sets Mantine's color-scheme attribute from the saved choice before React starts,
// so a dark-mode user never sees a white flash. Same key as Mantine's localStorage manager.
(() => {
  try {
    const saved = window.localStorage.getItem('candor-color-scheme');
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    const scheme = saved === 'light' || saved === 'dark' ? saved : dark ? 'dark' : 'light';
    document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
  } catch {
    document.documentElement.setAttribute('data-mantine-color-scheme', 'light');
  }
})();
