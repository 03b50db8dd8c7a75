// Sets the colour scheme before the first paint (an external file: the CSP allows no inline script).
// `data-theme` is the person's choice (absent: follow the system); `data-scheme` is what the page shows, the one
// attribute app.css reads. It follows the choice as the app changes it, and the system while no theme is chosen.
(function () {
  var root = document.documentElement;
  var systemDark = window.matchMedia('(prefers-color-scheme: dark)');
  function show() {
    var chosen = root.getAttribute('data-theme');
    var scheme = chosen === 'light' || chosen === 'dark' ? chosen : systemDark.matches ? 'dark' : 'light';
    if (root.getAttribute('data-scheme') !== scheme) root.setAttribute('data-scheme', scheme);
  }
  try {
    var saved = JSON.parse(localStorage.getItem('authlens.settings') || '{}').theme;
    if (saved === 'light' || saved === 'dark') root.setAttribute('data-theme', saved);
  } catch (e) {
    /* storage unavailable: follow the system preference */
  }
  show();
  systemDark.addEventListener('change', show);
  new MutationObserver(show).observe(root, { attributes: true, attributeFilter: ['data-theme'] });
})();
