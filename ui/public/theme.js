// Applies the saved theme (or the system's) before the app paints, so a dark page never flashes white. A classic
// script file, not inline: the Content-Security-Policy runs no inline script. src/lib/theme.ts keeps the same key.
(function () {
  var saved = null;
  try {
    saved = localStorage.getItem('bodhi-theme');
  } catch (e) {
    // storage blocked: follow the system
  }
  var dark = saved === 'dark' || (saved !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
})();
