// The one place e2e specs take `test` and `expect` from (issue 12: axe runs on every page the
// e2e tests visit). Specs import from "./fixtures", never from "@playwright/test" directly.
//
// axe-core checks (WCAG 2.1 A and AA, 0 violations allowed) every state of every page a test visits:
// - on arrival: at every document load (page.goto, links, form posts with or without JavaScript) the
//   check is sent from the page's `load` event, before the test's next action reaches the page;
//   after a client-side navigation (same document, new URL) once React has rendered;
// - before leaving by JavaScript: every Remix single-fetch data request (`*.data`: client-side
//   navigations, submissions, fetchers) is held until the page as it is now has been checked;
// - at the end of the test: the last page.
// An analysis runs atomically in the page: axe's zero-delay timers become microtasks while it runs,
// so no click or keystroke of the test is handled halfway through and the page cannot navigate
// away during the analysis. A state is "path + viewport + a hash of the DOM": the same state gives the
// same result, so each state is analysed once per worker (the login page, say, not in every test).
// axe itself (550 kB) is loaded into a document only when a state of it needs analysing, and once per
// document: sending and parsing it with every check cost ~0.13 s a check, a third of the e2e time.
// Violations fail the test in teardown, naming the URL, the rule and the offending nodes.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test as base, expect, type CDPSession, type Page, type Request, type Route } from "@playwright/test";
import { e2ePort } from "./support";

export { expect };

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// TEMPORARY allow-list of {path, rule} pairs for violations on other helpers' pages, each narrowly
// scoped; empty: every page the e2e tests visit passes WCAG 2.1 A/AA.
const KNOWN_VIOLATIONS: { path: RegExp; rule: string }[] = [];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}
type Outcome =
  { skipped: true; needsAxe?: boolean } | { skipped: false; key: string; url: string; violations: AxeViolation[] };

/** axe-core's source, evaluated as a string expression so that it is not subject to the page's CSP. */
let axeSource: string | undefined;
function axeLoader(): string {
  axeSource ??= `${readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8")}\n;0`;
  return axeSource;
}

/**
 * The page-side run, one string expression: skips a state analysed before, asks for axe when the
 * document has none yet (nothing is analysed then: the caller loads axe and runs this again).
 */
function pageScript(seen: string[]): string {
  const run = async (seen: string[], tags: string[]): Promise<Outcome> => {
    const w = window as unknown as {
      axe: { run: (c: unknown, o: unknown) => Promise<{ violations: AxeViolation[] }> };
    };
    if (!/^https?:$/.test(location.protocol) || document.readyState === "loading") return { skipped: true };
    // Hidden inputs (tokens, redirect targets) are not rendered and axe does not check them.
    const html = document.documentElement.outerHTML.replace(/<input[^>]*type="hidden"[^>]*>/g, "<input hidden>");
    let h = 0x811c9dc5;
    for (let i = 0; i < html.length; i++) h = Math.imul(h ^ html.charCodeAt(i), 0x01000193);
    const url = location.pathname + location.search;
    const key = `${url}@${innerWidth}x${innerHeight}#${(h >>> 0).toString(16)}:${html.length}`;
    if (seen.includes(key)) return { skipped: true };
    if (!("axe" in window)) return { skipped: true, needsAxe: true };
    const realSetTimeout = window.setTimeout;
    window.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      if (ms) return realSetTimeout(fn, ms, ...args);
      queueMicrotask(() => fn(...args));
      return 0;
    }) as typeof window.setTimeout;
    try {
      const result = await w.axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
        preload: false,
      });
      const violations = result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      }));
      return { skipped: false, key, url, violations };
    } finally {
      window.setTimeout = realSetTimeout;
    }
  };
  return `(${run.toString()})(${JSON.stringify(seen)}, ${JSON.stringify(AXE_TAGS)})`;
}

/** Every page state analysed in this worker (its violations were reported to the test that met it first). */
const analysed = new Set<string>();

class AxeWatcher {
  constructor(private readonly noScripts: boolean) {}
  private readonly sessions = new Map<Page, CDPSession>();
  private chain: Promise<void> = Promise.resolve();
  private readonly seen = analysed;
  readonly problems: string[] = [];
  private readonly pending = new Set<Promise<void>>();

  async attach(page: Page) {
    // Sent from the event handler itself, so it reaches the page before the test's next action.
    page.on("load", () => this.track(this.check(page)));
    // Without JavaScript there are no client-side navigations (and no animation frame would come).
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame() && !this.noScripts) this.track(this.afterClientNavigation(page));
    });
    await page.route(
      (url) => url.pathname.endsWith(".data"),
      (route, request) => this.beforeLeaving(page, route, request),
    );
  }

  private track(p: Promise<void>) {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** A same-document navigation: check once React has committed the new route's render. */
  private async afterClientNavigation(page: Page) {
    try {
      const rendered = await page.evaluate(() =>
        document.readyState === "complete"
          ? new Promise<boolean>((r) => {
              requestAnimationFrame(() => requestAnimationFrame(() => r(true)));
              setTimeout(() => r(true), 1000); // a page in the background gets no frames
            })
          : false,
      );
      if (!rendered) return; // a document still loading is checked at its `load` event
    } catch {
      return; // a new document: checked at its `load` event
    }
    await this.check(page);
  }

  private async beforeLeaving(page: Page, route: Route, request: Request) {
    try {
      if (request.frame() === page.mainFrame()) await this.check(page);
    } finally {
      await route.fallback().catch(() => undefined);
    }
  }

  /** Checks the page's current state unless that state has been checked already. Serialised. */
  check(page: Page): Promise<void> {
    const run = this.chain.then(() =>
      this.analyse(page).catch((error: unknown) => {
        this.problems.push(`axe could not analyse ${page.url()}: ${String(error)}`);
      }),
    );
    this.chain = run;
    return run;
  }

  /** Waits for the checks under way, then checks the final state of the page. */
  async finish(page: Page) {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    if (!page.isClosed()) await this.check(page);
  }

  /**
   * Runs the page script. In a test without JavaScript (`javaScriptEnabled: false`) no promise
   * could settle in the page, so scripts are allowed for the duration of the analysis only: the
   * page's own scripts were skipped when it loaded and do not run now, and nothing of the test
   * runs in between (the analysis is atomic). A run that does not answer fails the test instead
   * of hanging it.
   */
  private async evaluateWithScripts(page: Page, expression: string): Promise<Outcome> {
    let cdp = this.sessions.get(page);
    if (this.noScripts && !cdp) {
      cdp = await page.context().newCDPSession(page);
      this.sessions.set(page, cdp);
    }
    await cdp?.send("Emulation.setScriptExecutionDisabled", { value: false });
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        page.evaluate(expression) as Promise<Outcome>,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("axe did not answer within 20 s")), 20_000);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      await cdp?.send("Emulation.setScriptExecutionDisabled", { value: true }).catch(() => undefined);
    }
  }

  private async analyse(page: Page) {
    if (page.isClosed() || !/^https?:/.test(page.url())) return;
    let outcome: Outcome;
    try {
      outcome = await this.evaluateWithScripts(page, pageScript([...this.seen]));
      if (outcome.skipped && outcome.needsAxe) {
        // A new state in a document without axe: load axe into it, then analyse. A navigation in
        // between leaves the new document without axe: that one is checked on its own arrival.
        await this.evaluateWithScripts(page, axeLoader());
        outcome = await this.evaluateWithScripts(page, pageScript([...this.seen]));
      }
    } catch (error) {
      if (page.isClosed() || /context was destroyed|navigat|Target closed|has been closed/i.test(String(error))) {
        return; // a new document replaced it before the analysis started: that one is checked on arrival
      }
      throw error;
    }
    if (outcome.skipped) return;
    // AXE_STATS=1 lists every state analysed (to see what the per-worker dedupe saves).
    if (process.env.AXE_STATS) console.log("AXE-ANALYSED", outcome.key.slice(0, 80));
    this.seen.add(outcome.key);
    const path = new URL(outcome.url, "http://x").pathname;
    for (const v of outcome.violations) {
      if (KNOWN_VIOLATIONS.some((k) => k.rule === v.id && k.path.test(path))) continue;
      const nodes = v.nodes
        .slice(0, 5)
        .map(
          (n) =>
            `    ${JSON.stringify(n.target)}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, "\n      ")}` : ""}`,
        )
        .join("\n");
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : "";
      const problem = `${outcome.url} — ${v.id} (${v.impact ?? "?"}): ${v.help}\n${nodes}${more}`;
      if (!this.problems.includes(problem)) this.problems.push(problem);
    }
  }
}

/** A stable private address (10.x.y.z) per test and retry. */
function clientAddressOf(testId: string, retry: number): string {
  let h = 0x811c9dc5;
  for (const c of `${testId}#${retry}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  h >>>= 0;
  return `10.${(h >>> 16) & 255}.${(h >>> 8) & 255}.${(h & 255) | 1}`;
}

export const test = base.extend<{ page: Page }>({
  // Each worker talks to its own server and database (playwright.config.ts): pages, `request` and
  // the contexts a test opens with browser.newContext() all take their base URL from here.
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  baseURL: async ({}, provide) => provide(`http://127.0.0.1:${e2ePort()}`),
  page: async ({ page, javaScriptEnabled }, provide, testInfo) => {
    // Each test is its own visitor: a client address of its own (the e2e server trusts one proxy
    // hop, scripts/e2e-server.sh), so the per-address login limit (30 per 15 minutes) counts per
    // test, not for the whole suite on 127.0.0.1.
    await page.context().setExtraHTTPHeaders({ "X-Forwarded-For": clientAddressOf(testInfo.testId, testInfo.retry) });
    const watcher = new AxeWatcher(javaScriptEnabled === false);
    await watcher.attach(page);
    const extra: Page[] = [];
    const onPage = (p: Page) => {
      extra.push(p);
      void watcher.attach(p);
    };
    page.context().on("page", onPage);
    await provide(page);
    page.context().off("page", onPage);
    // A test that already failed keeps its own error; axe adds nothing useful then.
    if (testInfo.status !== "passed") return;
    for (const p of [page, ...extra]) await watcher.finish(p);
    if (watcher.problems.length > 0) {
      throw new Error(
        `axe found ${watcher.problems.length} WCAG 2.1 A/AA violation(s):\n\n${watcher.problems.join("\n\n")}`,
      );
    }
  },
});
