import type { PipeableStream, RenderToPipeableStreamOptions } from "react-dom/server";
import type { EntryContext } from "@remix-run/node";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The document render itself is React's; what is tested here is what entry.server does around it.
const render = vi.hoisted(() => ({
  abort: vi.fn(),
  finish: true,
}));
vi.mock("react-dom/server", () => ({
  renderToPipeableStream: (_element: unknown, options: RenderToPipeableStreamOptions): PipeableStream => {
    setImmediate(() => options.onShellReady?.());
    return {
      pipe: <W extends NodeJS.WritableStream>(body: W) => {
        body.write("<!DOCTYPE html><html></html>");
        if (render.finish) body.end();
        return body;
      },
      abort: render.abort,
    };
  },
}));

const { default: handleRequest } = await import("./entry.server");

const context = { isSpaMode: false } as unknown as EntryContext;
const ABORT_DELAY = 5_000;

describe("entry.server: the render's abort timer", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    render.abort.mockClear();
  });
  afterEach(() => vi.useRealTimers());

  it("is cleared once the document has been written: a finished render is not aborted later", async () => {
    render.finish = true;
    const response = await handleRequest(new Request("http://x/"), 200, new Headers(), context, {});
    expect(await response.text()).toContain("<html>");
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(ABORT_DELAY * 2);
    expect(render.abort).not.toHaveBeenCalled();
  });

  it("cuts off a render that is still streaming after the delay", async () => {
    render.finish = false;
    const response = await handleRequest(new Request("http://x/"), 200, new Headers(), context, {});
    expect(response.status).toBe(200);
    vi.advanceTimersByTime(ABORT_DELAY - 1);
    expect(render.abort).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(render.abort).toHaveBeenCalledTimes(1);
  });
});
