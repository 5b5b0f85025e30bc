// Opens an hlint HTML report in Debian's headless chromium (through
// playwright-core, pinned in package-lock.json) and prints what the page
// shows as JSON: console messages, every request other than the report
// itself, the numbers of its cards and tables, its charts, and whether
// sorting a table works. Used by tests/e2e/test_html_report.py; with
// --screenshot FILE it also saves a full-page screenshot.
//
// usage: node check-html-report.cjs REPORT.html [--screenshot FILE] [--width 1280] [--height 900]
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

async function main() {
  const args = process.argv.slice(2);
  const report = path.resolve(args[0]);
  const screenshotAt = args.indexOf("--screenshot");
  const screenshot = screenshotAt >= 0 ? path.resolve(args[screenshotAt + 1]) : null;
  const widthAt = args.indexOf("--width");
  const width = widthAt >= 0 ? parseInt(args[widthAt + 1], 10) : 1280;
  const heightAt = args.indexOf("--height");
  const height = heightAt >= 0 ? parseInt(args[heightAt + 1], 10) : 900;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "hlint-chromium-"));
  // A fresh profile each run (playwright passes it as --user-data-dir).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const out = { console: [], page_errors: [], requests: [], failed_requests: [] };
  try {
    const page = await context.newPage();
    const reportUrl = "file://" + report;
    page.on("console", (message) => out.console.push({ type: message.type(), text: message.text() }));
    page.on("pageerror", (error) => out.page_errors.push(String(error)));
    page.on("request", (request) => {
      if (request.url() !== reportUrl) out.requests.push(request.url());
    });
    page.on("requestfailed", (request) => out.failed_requests.push(request.url()));
    await page.goto(reportUrl, { waitUntil: "load" });
    out.title = await page.title();
    out.dom = await page.evaluate(() => {
      const number = (element) => (element ? Number(element.getAttribute("data-value")) : null);
      const cards = {};
      document.querySelectorAll(".card[data-stat]").forEach((card) => {
        const value = card.querySelector(".value");
        cards[card.getAttribute("data-stat")] = value.hasAttribute("data-value") ? number(value) : value.textContent;
      });
      const tableRows = (selector, keyAttribute) => {
        const rows = {};
        document.querySelectorAll(selector + " tbody tr").forEach((row) => {
          const cells = {};
          row.querySelectorAll("td[data-key]").forEach((cell) => {
            const key = cell.getAttribute("data-key");
            cells[key] = key === "severity" ? cell.getAttribute("data-value") : number(cell);
          });
          rows[row.getAttribute(keyAttribute)] = cells;
        });
        return rows;
      };
      const charts = {};
      document.querySelectorAll("svg.chart").forEach((svg) => {
        charts[svg.id] = { bars: svg.querySelectorAll("rect:not(.track)").length,
                           width: svg.getBoundingClientRect().width };
      });
      const ruleLinks = Array.from(document.querySelectorAll("#rules-table a.rule")).map((a) => {
        const id = decodeURIComponent(a.getAttribute("href").slice(1));
        const target = document.getElementById(id);
        return { href: a.getAttribute("href"), target: target ? target.tagName : null,
                 text: target ? target.textContent.length : 0 };
      });
      const statistics = JSON.parse(document.getElementById("hlint-statistics").textContent);
      return {
        cards,
        rules: tableRows("#rules-table", "data-rule"),
        presence: tableRows("#presence-table", "data-rule"),
        publishers: tableRows("#publishers-table", "data-name"),
        directories: tableRows("#directories-table", "data-name"),
        categories: tableRows("#categories-table", "data-name"),
        top_documents: Array.from(document.querySelectorAll("#top-documents-table tbody tr")).map((row) => row.getAttribute("data-path")),
        baseline: tableRows("#baseline-table", "data-rule"),
        image_classes: tableRows("#image-classes-table", "data-name"),
        tables: Array.from(document.querySelectorAll("table")).map((table) => table.id),
        sortable: document.querySelectorAll("table.sortable").length,
        charts,
        rule_links: ruleLinks,
        embedded_statistics: statistics,
        sections: Array.from(document.querySelectorAll("main > section")).map((section) => section.id),
        external: Array.from(document.querySelectorAll("[src],link[href]")).map((element) => element.outerHTML.slice(0, 120)),
      };
    });
    // Before sorting: the tables in the order hlint wrote them.
    if (screenshot) {
      await page.evaluate(() => window.scrollTo(0, 0));
      // The top of the page, `height` pixels of it.
      await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width, height } });
    }
    // Sorting: a click on the rules table's "rule" heading orders rows by name.
    const firstHeading = page.locator("#rules-table thead th").first();
    if (await firstHeading.count()) {
      await firstHeading.click();
      out.sorted_by_rule = await page.$$eval("#rules-table tbody tr", (rows) => rows.map((row) => row.getAttribute("data-rule")));
      await firstHeading.click();
      out.sorted_by_rule_reversed = await page.$$eval("#rules-table tbody tr", (rows) => rows.map((row) => row.getAttribute("data-rule")));
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
