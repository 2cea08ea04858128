// Progressive enhancement only: every page works without this file (or with JavaScript off).
// Marks the page as able to run the NHS design system's scripts, then starts its components.
// The NHS script's address (which carries its version) is on the script tag that loads this file.
const script = document.querySelector('script[data-nhsuk-frontend]');
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
const { initAll } = await import(script.dataset.nhsukFrontend);
initAll();

// The radios script marks a radio that reveals questions aria-expanded, which ARIA does not allow on a
// radio (axe: aria-allowed-attr); aria-controls stays. This runs after the script's own handlers.
const unmarkRadios = () => document.querySelectorAll('input[type="radio"][aria-expanded]').forEach((radio) => radio.removeAttribute('aria-expanded'));
unmarkRadios();
document.addEventListener('click', unmarkRadios);
document.addEventListener('change', unmarkRadios);
window.addEventListener('pageshow', unmarkRadios);

// "Stay signed in" in the background, so nothing typed is lost; then the warning counts down again.
// If the session has ended already, the link is followed as a plain link (to sign in, then back).
const warning = document.querySelector('[data-session-warning]');
warning?.querySelector('[data-stay-signed-in]').addEventListener('click', async (event) => {
  event.preventDefault();
  const link = event.currentTarget;
  const response = await fetch(link.href, { headers: { accept: 'application/json' }, credentials: 'same-origin' }).catch(() => null);
  if (response?.status !== 204) return void (window.location.href = link.href);
  warning.classList.remove('app-session-warning--counting');
  void warning.offsetWidth; // restarts the animation
  warning.classList.add('app-session-warning--counting');
});
