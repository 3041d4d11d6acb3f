// The web desk in a real browser: what a journalist does, step by step,
// with a screenshot of each page in $SHOTS. Run by e2e/run.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const base = process.env.BASE_URL;
const shots = process.env.SHOTS;
const fixtures = process.env.FIXTURES;
let browser;
let context;
// Everything a page might do that it must not: dialogs (alert from a
// payload), console errors (a CSP violation is one), uncaught errors.
const incidents = [];

before(async () => {
  assert.ok(base, 'BASE_URL is set');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.on('page', watch);
});

after(async () => {
  await browser?.close();
});

function watch(page) {
  page.on('dialog', async (d) => {
    incidents.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') incidents.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => incidents.push(`page error: ${e.message}`));
}

async function newPage() {
  const page = await context.newPage();
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

test('the story list shows stories with their claim counts', async () => {
  const page = await newPage();
  await page.goto(base);
  await assert.doesNotReject(page.getByRole('heading', { name: 'Stories' }).waitFor());
  const story = page.locator('ol.stories li').first();
  await assert.doesNotReject(story.locator('a').first().waitFor());
  const counts = await story.locator('p.counts').innerText();
  // Only the kinds a story has are counted: no row starts with a red zero.
  assert.match(counts, /[1-9]\d* (conflicting|corroborated|single-source)/);
  assert.doesNotMatch(counts, /(^|\D)0 /);
  await shot(page, '1-stories');
  await page.close();
});

test('a story: conflicts first, expandable, evidence highlighted in its article, back works', async () => {
  const page = await newPage();
  await page.goto(base);
  await page.locator('ol.stories li a').first().click();
  await page.waitForURL(/\/stories\/\d+$/);
  const storyUrl = page.url();
  const first = page.locator('details.claim').first();
  assert.equal(await first.getAttribute('class'), 'claim conflicting', 'conflicts come first');
  assert.ok(await first.evaluate((d) => d.open), 'a conflict is open to begin with');
  // Fold it and unfold it again, as a reader would.
  await first.locator('summary').click();
  assert.equal(await first.evaluate((d) => d.open), false);
  await first.locator('summary').click();
  assert.ok(await first.evaluate((d) => d.open));
  const sides = await first.locator('ul.sides').innerText();
  assert.match(sides, /Harbour Gazette, Coast Blog .* says 212/, 'every article on a side is named');
  assert.match(sides, /Fjord Post says 241/);
  const marks = first.locator('ul.evidence mark');
  assert.ok((await marks.count()) >= 2, 'each side has its evidence');
  assert.ok(await marks.first().isVisible());
  assert.ok(await page.locator('svg.timeline').isVisible(), 'the timeline is drawn');
  assert.ok(await page.locator('svg.graph').isVisible(), 'independence is drawn');
  await shot(page, '2-story');

  await first.locator('ul.evidence a').first().click();
  await page.waitForURL(/\/articles\/\d+\?from=\d+&to=\d+#evidence$/);
  const evidence = page.locator('#evidence');
  assert.ok(await evidence.isVisible(), 'the evidence is marked in its article');
  assert.ok(await evidence.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  }), 'and scrolled into view');
  assert.match(await page.locator('article.text').innerText(), /212 passengers/);
  await shot(page, '3-evidence');

  await page.goBack();
  assert.equal(page.url(), storyUrl, 'the back button returns to the story');
  await page.close();
});

test('search from the header, with a filter', async () => {
  const page = await newPage();
  await page.goto(base);
  await page.getByRole('searchbox', { name: 'Search' }).fill('Volda hospital');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/search\?q=Volda/);
  const hits = page.locator('ol.hits li');
  assert.ok((await hits.count()) >= 2, 'stored articles are found');
  assert.ok(await hits.first().locator('mark').first().isVisible(), 'matches are marked');
  await page.locator('form.filters input[name=outlet]').fill('Fjord Post');
  await page.locator('form.filters button').click();
  await page.waitForURL(/outlet=Fjord/);
  assert.equal(await page.locator('ol.hits li').count(), 1, 'the outlet filter narrows');
  await shot(page, '4-search');
  await page.close();
});

test('upload two pages (and a file it cannot read)', async () => {
  const page = await newPage();
  await page.goto(`${base}analyze`);
  const file = (name) => ({ name, mimeType: 'text/html', buffer: readFileSync(path.join(fixtures, name)) });
  await page.locator('input[type=file]').setInputFiles([
    file('harbour-gazette.html'),
    file('fjord-post.html'),
    { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 1, 2, 3]) },
  ]);
  await page.getByRole('button', { name: 'Analyze' }).click();
  await page.waitForURL(/\/analyze$/);
  const errors = page.locator('section.errors');
  assert.match(await errors.innerText(), /photo\.jpg/, 'the unreadable file is named');
  const conflict = page.locator('details.claim.conflicting').first();
  assert.ok(await conflict.isVisible(), 'the upload gets the same report');
  assert.match(await conflict.locator('ul.sides').innerText(), /Fjord Post says 241/);
  await shot(page, '5-upload');
  await page.close();
});

test('hostile article text is shown as text and runs nothing', async () => {
  const page = await newPage();
  await page.goto(`${base}search?q=comments`);
  await page.locator('ol.hits li a').first().click();
  await page.waitForURL(/\/articles\/\d+$/);
  const text = await page.locator('article.text').innerText();
  assert.match(text, /<script>alert\('article'\)<\/script>/, 'the payload is visible as text');
  assert.match(text, /onerror=alert\(3\)/);
  assert.equal(await page.locator('main script, main img').count(), 0, 'no element came from the article');
  await shot(page, '6-hostile');
  await page.close();
});

test('works without a mouse, at 200% zoom and in dark mode', async () => {
  const page = await newPage();
  await page.goto(base);
  // Tab to the first story link and follow it with Enter.
  let focused = '';
  for (let i = 0; i < 30 && !focused.includes('/stories/'); i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.getAttribute('href') || '');
  }
  assert.match(focused, /\/stories\/\d+/, 'a story link takes the focus');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/stories\/\d+$/);
  // A summary opens and closes from the keyboard.
  const claim = page.locator('details.claim').nth(1);
  await claim.locator('summary').focus();
  const was = await claim.evaluate((d) => d.open);
  await page.keyboard.press('Enter');
  assert.equal(await claim.evaluate((d) => d.open), !was);

  // 200% zoom on a 1280-pixel window leaves 640 CSS pixels.
  await page.setViewportSize({ width: 640, height: 900 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 200% zoom (${overflow}px too wide)`);
  await shot(page, '7-zoom-200');

  await page.emulateMedia({ colorScheme: 'dark' });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = bg.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 150, `dark background in dark mode (${bg})`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot(page, '8-dark');
  await page.close();
});

test('no dialog, no console error, no page error anywhere', () => {
  assert.deepEqual(incidents, []);
});
