// Progressive enhancement only: every page works without this file (or with JavaScript off).
// Marks the page as able to run the NHS design system's scripts, then starts its components.
// The NHS script's address (which carries its version) is on the script tag that loads this file.
const script = document.querySelector('script[data-nhsuk-frontend]');
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
const { initAll } = await import(script.dataset.nhsukFrontend);
initAll();

// The NHS conditional reveal sets aria-expanded on radios, which ARIA 1.2 does not allow on a radio
// (axe: aria-allowed-attr); aria-controls still ties each radio to what it reveals.
const dropExpanded = () => document.querySelectorAll('input[type="radio"][aria-expanded]').forEach((radio) => radio.removeAttribute('aria-expanded'));
dropExpanded();
document.addEventListener('click', dropExpanded);
window.addEventListener('pageshow', dropExpanded);
