// Progressive enhancement only: every page works without this file (or with JavaScript off).
// Marks the page as able to run the NHS design system's scripts, then starts its components.
// The NHS script's address (which carries its version) is on the script tag that loads this file.
const script = document.querySelector('script[data-nhsuk-frontend]');
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
const { initAll } = await import(script.dataset.nhsukFrontend);
initAll();
