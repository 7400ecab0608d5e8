// Opens one scorecard web page in headless Chromium and reports, as JSON on standard
// output, what a reader and an accessibility audit find there. tests/web.rs asserts on it.
//
//   node check-page.mjs PAGE.html [--desktop-png FILE] [--narrow-png FILE] [--grey-pngs]
//                       [--shot-at SELECTOR]
//
// A screenshot shows the top of the page, or with --shot-at a screenful from the element
// SELECTOR names (the README's pictures start at the first section's indicators).
// With --grey-pngs, each screenshot is also taken as a reader without colour vision sees
// it (Chromium's achromatopsia emulation), beside the first as FILE-grey.png.
//
// SCORECARD_NODE_MODULES names the folder holding puppeteer-core and axe-core;
// SCORECARD_CHROMIUM the browser (default /usr/bin/chromium).

import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const modules = process.env.SCORECARD_NODE_MODULES;
if (!modules) {
  console.error("SCORECARD_NODE_MODULES is not set");
  process.exit(2);
}
const require = createRequire(resolve(modules) + "/");
const puppeteer = require("puppeteer-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const args = process.argv.slice(2);
const pagePath = resolve(args[0]);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : null;
};
const pageUrl = pathToFileURL(pagePath).href;

const browser = await puppeteer.launch({
  executablePath: process.env.SCORECARD_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

const report = { requests: [], console_errors: [] };
let emulating = false;
try {
  const page = await browser.newPage();
  // Scripts off: the page must read completely without them.
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = request.url();
    // The grey screenshots' colour filter is Chromium's own, not the page's.
    if (emulating && url.startsWith("data:image/svg+xml")) return request.continue();
    if (url !== pageUrl) report.requests.push(url);
    // Nothing but the page itself is fetched, so a stray reference cannot pass unseen.
    if (url === pageUrl) request.continue();
    else request.abort();
  });
  page.on("console", (message) => {
    if (message.type() === "error") report.console_errors.push(message.text());
  });
  page.on("pageerror", (error) => report.console_errors.push(String(error)));

  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(pageUrl, { waitUntil: "load" });
  report.desktop = await measure(page);
  if (option("--desktop-png")) await shoot(page, option("--desktop-png"));
  // The narrowest desktop: 1,024 px must read side by side too.
  await page.setViewport({ width: 1024, height: 768 });
  report.small_desktop = await measure(page);
  await page.setViewport({ width: 1280, height: 900 });

  // axe is injected by the test, not by the page: evaluation runs even with the page's
  // own scripts off.
  await page.setJavaScriptEnabled(true);
  await page.reload({ waitUntil: "load" });
  await page.evaluate(axeSource);
  report.axe = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
      },
      resultTypes: ["violations"],
    });
    return {
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
        count: v.nodes.length,
      })),
      passes: result.passes.length,
    };
  });
  await page.setJavaScriptEnabled(false);

  await page.setViewport({ width: 320, height: 640 });
  await page.reload({ waitUntil: "load" });
  report.narrow = await measure(page);
  if (option("--narrow-png")) await shoot(page, option("--narrow-png"));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report, null, 1) + "\n");

// The viewport as a screenshot, and in grey too when asked.
async function shoot(page, path) {
  let clip;
  if (option("--shot-at")) {
    const top = await page.$eval(option("--shot-at"), (el) => el.getBoundingClientRect().top + window.scrollY);
    const { width, height } = page.viewport();
    clip = { x: 0, y: Math.max(0, top - 8), width, height };
  }
  const take = (file) => page.screenshot({ path: file, captureBeyondViewport: Boolean(clip), clip });
  await take(path);
  if (args.includes("--grey-pngs")) {
    emulating = true;
    await page.emulateVisionDeficiency("achromatopsia");
    await take(path.replace(/\.png$/, "-grey.png"));
    await page.emulateVisionDeficiency("none");
    emulating = false;
  }
}

// What a reader meets at the current viewport: the text, the tables' structure, the
// images' names, the links and the page's width.
async function measure(page) {
  return page.evaluate(() => {
    const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : "");
    const nameOf = (el) => {
      const label = el.getAttribute("aria-label");
      if (label) return label.trim();
      const ids = el.getAttribute("aria-labelledby");
      if (ids) {
        return ids
          .split(/\s+/)
          .map((id) => text(document.getElementById(id)))
          .join(" ")
          .trim();
      }
      if (el.tagName.toLowerCase() === "img") return (el.getAttribute("alt") || "").trim();
      const title = el.querySelector(":scope > title");
      return text(title);
    };
    const root = document.documentElement;
    const tables = [...document.querySelectorAll("table")].map((table) => {
      const region = table.closest('[role="region"]');
      return {
        caption: text(table.querySelector("caption")),
        column_headers: [...table.querySelectorAll("thead th")].map((th) => ({
          scope: th.getAttribute("scope"),
          text: text(th),
        })),
        row_headers: [...table.querySelectorAll("tbody th")].map((th) => ({
          scope: th.getAttribute("scope"),
          text: text(th),
        })),
        header_rows: table.querySelectorAll("thead tr").length,
        merged_cells: table.querySelectorAll("[colspan], [rowspan]").length,
        empty_cells: [...table.querySelectorAll("td, th")].filter(
          (cell) => text(cell) === "" && !cell.querySelector('[role="img"]'),
        ).length,
        rows: table.querySelectorAll("tbody tr").length,
        // An indicator's small table of months and benchmarks, the one table that may
        // scroll sideways on a phone.
        small: Boolean(table.closest(".figures")),
        region: region
          ? {
              label: nameOf(region),
              tabindex: region.getAttribute("tabindex"),
              scroll_width: region.scrollWidth,
              client_width: region.clientWidth,
            }
          : null,
      };
    });
    const images = [...document.querySelectorAll('svg, img, [role="img"]')]
      .filter((el) => !el.closest('[aria-hidden="true"]'))
      .filter((el) => !(el.tagName.toLowerCase() === "svg" && el.parentElement.closest("svg")))
      .map((el) => ({
        tag: el.tagName.toLowerCase(),
        role: el.getAttribute("role"),
        name: nameOf(el),
      }));
    const links = [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href"));
    const brokenLinks = links
      .filter((href) => href.startsWith("#"))
      .filter((href) => !document.getElementById(decodeURIComponent(href.slice(1))));
    const firstFocusable = document.querySelector("a[href], button, [tabindex]");
    const box = (el) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, left: r.left, right: r.right };
    };
    // Anything reaching past the viewport's right edge, outside the small tables' regions
    // (which scroll on their own): what would make a reader pan sideways.
    const overflowing = [...document.body.querySelectorAll("*")]
      .filter((el) => !el.closest(".figures") && !el.closest('[aria-hidden="true"]'))
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 10)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className?.baseVal ?? el.className}: ${text(el).slice(0, 60)}`);
    // The parts of every indicator's block, where they stand.
    const parts = [".indicator-title", ".headline", ".direction", ".spc", ".spark", ".commentary", ".figures"];
    const indicators = [...document.querySelectorAll("article.indicator")].map((article) => {
      const found = {};
      for (const part of parts) found[part.slice(1)] = box(article.querySelector(part));
      return found;
    });
    return {
      lang: root.getAttribute("lang"),
      title: document.title,
      text: document.body.innerText,
      scroll_width: root.scrollWidth,
      viewport_width: window.innerWidth,
      body_scroll_width: document.body.scrollWidth,
      tables,
      images,
      links: links.length,
      external_links: links.filter((href) => /^[a-z]+:/i.test(href)),
      broken_links: brokenLinks,
      scripts: document.scripts.length,
      overflowing,
      indicators,
      // Negative amounts set to stay whole (`−£0.9m`), and how many of them a line break
      // split (a split span has more than one box).
      amounts: document.querySelectorAll(".amount").length,
      split_amounts: [...document.querySelectorAll(".amount")].filter((el) => el.getClientRects().length > 1).length,
      commentary_right: Math.max(0, ...[...document.querySelectorAll(".commentary")].map((el) => el.getBoundingClientRect().right)),
      first_focusable: firstFocusable
        ? { tag: firstFocusable.tagName.toLowerCase(), href: firstFocusable.getAttribute("href"), text: text(firstFocusable) }
        : null,
    };
  });
}
