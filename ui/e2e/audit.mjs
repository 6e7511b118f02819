// The responsive and accessibility audit of one page: at 1280×800 and 390×844, in the light and the dark theme, the
// page must not scroll sideways, axe-core must find no serious or critical violation, and a screenshot is kept as
// sweep-<name>-<width>-<theme>.png. Findings are collected, not thrown, so one run lists every page's problems.
import AxeBuilder from '@axe-core/playwright';
import { screenshot } from './helpers.mjs';

export const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];
export const THEMES = ['light', 'dark'];

/**
 * Waits for layout and paint after a viewport or theme change, and for the colour transitions a theme change
 * starts (a button between its dark and light colours has neither theme's contrast). Endless animations (a
 * spinner) are not waited for: only CSS transitions, and 2 s at most.
 */
async function settle(page) {
  await page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const transitions = document.getAnimations().filter((a) => a instanceof CSSTransition);
    const done = Promise.all(transitions.map((a) => a.finished.catch(() => {})));
    await Promise.race([done, new Promise((r) => setTimeout(r, 2000))]);
  });
}

/**
 * Sets the theme the way the app does (public/theme.js and lib/theme.ts put `dark` on <html>), with the system
 * setting to match, so both the class and any media query agree.
 */
async function setTheme(page, theme) {
  // Reduced motion (theme.css): the colours are audited as they end, never caught between two themes.
  await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
  await page.evaluate((dark) => document.documentElement.classList.toggle('dark', dark), theme === 'dark');
}

/** The page's sideways overflow: null when none, else the width and the elements that stick out furthest. */
async function overflow(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return null;
    // Elements inside a container that clips or scrolls sideways do not widen the page: skip them.
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const x = getComputedStyle(p).overflowX;
        if (x !== 'visible') return true;
      }
      return false;
    };
    const describe = (el) => {
      const id = el.id ? `#${el.id}` : '';
      const cls =
        typeof el.className === 'string' && el.className
          ? `.${el.className.trim().split(/\s+/).slice(0, 3).join('.')}`
          : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`;
    };
    const offenders = [...document.body.querySelectorAll('*')]
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter(({ el, right }) => right > width + 1 && !clipped(el))
      .sort((a, b) => b.right - a.right)
      .slice(0, 3)
      .map(({ el, right }) => `${describe(el)} reaches ${Math.round(right)} px`);
    return { scrollWidth, width, offenders };
  });
}

/** Serious and critical axe-core violations, one line each with up to three offending nodes. */
async function accessibility(page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ');
      return `${v.impact} ${v.id} (${v.help}): ${nodes}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`;
    });
}

/**
 * Audits a page in each viewport (all by default) and theme, appending findings to `findings`. `load` opens the
 * page afresh after each viewport change, as a visitor with that screen would see it (a layout that adapts on load,
 * like panes that start closed on a phone, is not the layout of a resized window). The viewport and theme are
 * restored to desktop and light afterwards.
 */
export async function audit(page, name, findings, { load, viewports = VIEWPORTS }) {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    await load();
    // The pointer rests off the page's controls: a hover colour is not what a page looks like.
    await page.mouse.move(0, 0);
    for (const theme of THEMES) {
      await setTheme(page, theme);
      await settle(page);
      const where = `${name} at ${viewport.width} px, ${theme}`;
      const wide = await overflow(page);
      if (wide) {
        findings.push(
          `${where}: the page scrolls sideways (${wide.scrollWidth} > ${wide.width}); widest: ${wide.offenders.join('; ')}`,
        );
      }
      for (const v of await accessibility(page)) findings.push(`${where}: ${v}`);
      await screenshot(page, `sweep-${name}-${viewport.width}-${theme}`);
    }
  }
  await page.setViewportSize(VIEWPORTS[0]);
  await setTheme(page, 'light');
}

/** Console errors of the identity provider's own pages (its favicon, say): not the web app's. */
export const fromIdentityProvider = (error) => /^http:\/\/127\.0\.0\.1:\d+\/realms\//.test(error);

/**
 * Collects the browser console's errors and uncaught exceptions of page into errors, each as
 * `<page url>: <message> [<resource url>]` (the resource is the failed load, for Chromium's network errors).
 */
export function watchConsole(page, errors) {
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const resource = m.location()?.url;
    errors.push(`${page.url()}: ${m.text()}${resource ? ` [${resource}]` : ''}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
}
