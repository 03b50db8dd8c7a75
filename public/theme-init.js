// Applies the saved theme before the first paint (an external file: the CSP allows no inline script).
(function () {
  try {
    var saved = JSON.parse(localStorage.getItem('authlens.settings') || '{}').theme;
    if (saved === 'light' || saved === 'dark') document.documentElement.setAttribute('data-theme', saved);
  } catch (e) {
    /* storage unavailable: follow the system preference */
  }
})();
